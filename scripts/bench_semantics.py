#!/usr/bin/env python3
"""Times `guidelint simulate` on the bundled guideline and `guidelint test` on 2,000 scenarios
(issue 11's targets: under 10 ms and under one second). See BENCHMARKS.md, "Simulate and test".

Usage: scripts/bench_semantics.py [--runs N]   (after `cargo build --release`; N rounds, default 60)

The corpus is made under target/bench/semantics/: the bundled guideline and 2,000 scenarios of
random patients (a fixed seed), each expecting exactly what `guidelint simulate` says happens to
that patient (every step performed, every step not performed, the eligible treatments exactly),
so that every scenario passes and every expectation is checked. They are written once as one file
and once as 100 files of 20 scenarios.

Timing: after one untimed round, rounds of one run of each command in a new order each round
(shuffled with a fixed seed); wall time of the whole process (start-up included) and its CPU time
(user + system, from the kernel's accounting of the child). On a machine busy with other work the
fast end (minimum, 10th percentile) and the CPU time say more than the median.
"""

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "guidelint"
GUIDELINE = ROOT / "guidelines" / "iliopsoas-hematoma.json"
OUT = ROOT / "target" / "bench" / "semantics"
SCENARIOS = 2000


def simulate(present):
    arguments = [str(BINARY), "simulate", str(GUIDELINE), "--format", "json"]
    if present:
        arguments += ["--present", ",".join(present)]
    return json.loads(subprocess.run(arguments, check=True, capture_output=True, text=True).stdout)


def scenarios(findings, count):
    rng = random.Random(11)
    made = []
    for number in range(count):
        present = sorted(rng.sample(findings, rng.randint(0, 6)), key=findings.index)
        played = simulate(present)
        path = played["paths"][0]
        made.append({
            "name": f"patient {number + 1}",
            "present": present,
            "expect": {
                "performed": path["performed"],
                "not_performed": path["not_performed"],
                "eligible_exactly": [t["id"] for t in played["treatments"] if t["status"] == "eligible"],
            },
        })
    return made


def write(folder, groups):
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(GUIDELINE, folder / GUIDELINE.name)
    for index, group in enumerate(groups):
        document = {"guideline": "iliopsoas-hematoma", "scenarios": group}
        (folder / f"part-{index:03}.scenarios.json").write_text(json.dumps(document, indent=2) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    arguments = parser.parse_args()
    if not BINARY.exists():
        sys.exit("build first: cargo build --release")
    findings = [finding["id"] for finding in json.loads(GUIDELINE.read_text())["findings"]]
    cache = OUT / "scenarios.json"
    if cache.exists():
        made = json.loads(cache.read_text())
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        made = scenarios(findings, SCENARIOS)
        cache.write_text(json.dumps(made))
    write(OUT / "one-file", [made])
    write(OUT / "hundred-files", [made[start:start + 20] for start in range(0, len(made), 20)])
    for folder in ["one-file", "hundred-files"]:
        check = subprocess.run([str(BINARY), "test", str(OUT / folder), "--min-coverage", "100"],
                               capture_output=True, text=True)
        summary = check.stdout.strip().splitlines()[-1]
        print(f"{folder}: exit {check.returncode}, {summary}")
        if check.returncode != 0:
            sys.exit(check.stdout + check.stderr)
    present = "suspected-active-bleeding,severe-pain"
    commands = {
        "check (for comparison)": ["check", str(GUIDELINE)],
        "simulate": ["simulate", str(GUIDELINE), "--present", present],
        "simulate --format json": ["simulate", str(GUIDELINE), "--present", present, "--format", "json"],
        "test, 2,000 scenarios in 1 file": ["test", str(OUT / "one-file")],
        "test, 2,000 scenarios in 100 files": ["test", str(OUT / "hundred-files")],
        "test, 1 file, --format junit": ["test", str(OUT / "one-file"), "--format", "junit"],
    }
    wall = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    order = list(commands)
    rng = random.Random(5)
    for round_number in range(arguments.runs + 1):
        rng.shuffle(order)
        for name in order:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([str(BINARY), *commands[name]], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, cwd=ROOT)
            elapsed = (time.perf_counter() - start) * 1000
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_number > 0:
                wall[name].append(elapsed)
                cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    print(f"load average before the last round: {Path('/proc/loadavg').read_text().split()[0]}")
    print(f"{'command':38} {'min':>8} {'p10':>8} {'median':>8} {'CPU median':>11}  (ms)")
    results = {}
    for name in commands:
        times = sorted(wall[name])
        row = {"min": times[0], "p10": times[len(times) // 10], "median": statistics.median(times),
               "cpu_median": statistics.median(cpu[name])}
        results[name] = row
        print(f"{name:38} {row['min']:8.2f} {row['p10']:8.2f} {row['median']:8.2f} {row['cpu_median']:11.2f}")
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
