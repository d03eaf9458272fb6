#!/usr/bin/env python3
"""Times `guidelint simulate` on the bundled guideline and `guidelint test` on 2,000 scenarios
(issue 11's targets: under 10 ms and under one second). See BENCHMARKS.md, "Simulate and test".

Usage: scripts/bench_semantics.py [--runs N]   (after `cargo build --release`)

The corpus is made under target/bench/semantics/: the bundled guideline and 2,000 scenarios of
random patients (a fixed seed), each expecting exactly what `guidelint simulate` says happens to
that patient (every step performed, every step not performed, the eligible treatments exactly),
so that every scenario passes and every expectation is checked. They are written once as one file
and once as 100 files of 20 scenarios. hyperfine times the runs (warm page cache).
"""

import argparse
import json
import random
import shutil
import subprocess
import sys
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
    parser.add_argument("--runs", type=int, default=30)
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
    commands = [
        f"{BINARY} simulate {GUIDELINE} --present {present}",
        f"{BINARY} simulate {GUIDELINE} --present {present} --format json",
        f"{BINARY} test {OUT / 'one-file'}",
        f"{BINARY} test {OUT / 'hundred-files'}",
        f"{BINARY} test {OUT / 'one-file'} --format junit",
        f"{BINARY} check {GUIDELINE}",
    ]
    subprocess.run(["hyperfine", "-N", "--warmup", "5", "--runs", str(arguments.runs),
                    "--export-json", str(OUT / "results.json"), *commands], check=True)


if __name__ == "__main__":
    main()
