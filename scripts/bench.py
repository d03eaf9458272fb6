#!/usr/bin/env python3
"""Times guidelint against its peers on generated corpora; prints medians, ratios and peak memory.

Run through scripts/bench.sh, which builds the release binaries first. Peers are installed once into
target/bench/peers: ajv-cli + ajv-formats (npm) and check-jsonschema (pip, in a virtualenv).
"""
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench"
PEERS = WORK / "peers"
GUIDELINE = ROOT / "guidelines" / "iliopsoas-hematoma.json"
SCHEMA = ROOT / "schemas" / "guideline.schema.json"
GUIDELINT = ROOT / "target" / "release" / "guidelint"
FLOOR = ROOT / "target" / "release" / "examples" / "parse_floor"
QUICK = "--quick" in sys.argv


def install_peers():
    PEERS.mkdir(parents=True, exist_ok=True)
    ajv = PEERS / "node_modules" / ".bin" / "ajv"
    if not ajv.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(PEERS),
                        "ajv-cli", "ajv-formats"], check=True)
    venv = PEERS / "venv"
    cj = venv / "bin" / "check-jsonschema"
    if not cj.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "check-jsonschema"], check=True)
    return ajv, cj


def make_corpus(count):
    """`count` copies of the bundled guideline with distinct ids, 100 per folder."""
    folder = WORK / f"corpus-{count}"
    marker = folder / ".complete"
    text = GUIDELINE.read_text()
    # The marker holds the bundled guideline the corpus was made from: a corpus of an older
    # guideline is made again, not measured.
    if marker.exists() and marker.read_text() == text:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for index in range(count):
        sub = folder / f"group-{index // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        copy = text.replace('"id": "iliopsoas-hematoma"', f'"id": "iliopsoas-hematoma-{index}"', 1)
        copy = copy.replace('"$schema": "../schemas/guideline.schema.json"', '"$schema": "../../schemas/guideline.schema.json"')
        (sub / f"iliopsoas-hematoma-{index}.json").write_text(copy)
    marker.write_text(text)
    return folder


def files_of(folder):
    return sorted(str(path) for path in folder.rglob("*.json"))


def timed(command, expect_codes=(0,)):
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in expect_codes:
        raise SystemExit(f"{command[0]} exited {result.returncode}: {result.stderr.decode()[:2000]}")
    return elapsed


def peak_memory_kib(command, expect_codes=(0,)):
    result = subprocess.run(["/usr/bin/time", "-v"] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if result.returncode not in expect_codes:
        raise SystemExit(f"{command[0]} exited {result.returncode}")
    match = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(match.group(1)) if match else None


SETTLE_SECONDS = 0.3


# check-jsonschema takes about 18 s a round at 2,000 documents, two hundred times guidelint: a few
# rounds pin its median well enough, while the fast commands get every round.
SLOW_ROUNDS = {"check-jsonschema": 5}


def run_round_robin(commands, rounds):
    """Runs each command once per round and returns all timings per name. A first, untimed round
    warms the page cache, so every timed round reads the files from memory. Each round runs the
    commands in a new order (fixed seed), so no tool always follows the same one, and the machine
    settles for a moment before each run: a peer's exit (freeing hundreds of MB) must not be billed
    to whoever runs next."""
    for command, codes in commands.values():
        timed(command, codes)
    times = {name: [] for name in commands}
    order = list(commands)
    shuffler = random.Random(2026)
    for _ in range(rounds):
        shuffler.shuffle(order)
        for name in order:
            if len(times[name]) >= SLOW_ROUNDS.get(name, rounds):
                continue
            command, codes = commands[name]
            time.sleep(SETTLE_SECONDS)
            times[name].append(timed(command, codes))
    return times


def main():
    ajv, cj = install_peers()
    today = ["--today", "2026-11-26"]
    results = {"machine": {"cores": os.cpu_count()}, "sizes": {}}
    plans = [(1, 5 if QUICK else 21, True), (2000, 3 if QUICK else 21, True), (20000, 1 if QUICK else 7, False)]
    for count, rounds, with_peers in plans:
        folder = make_corpus(count)
        files = files_of(folder)
        commands = {
            "guidelint": ([str(GUIDELINT), "check", "--format", "json"] + today + [str(folder)], (0,)),
            "parse floor": ([str(FLOOR), str(folder)], (0,)),
            "read floor": ([str(FLOOR), "--read-only", str(folder)], (0,)),
        }
        if with_peers:
            commands["ajv-cli"] = ([str(ajv), "validate", "--spec=draft2020", "-c", "ajv-formats",
                                    "-s", str(SCHEMA), "-d", f"{folder}/**/*.json"], (0,))
            commands["check-jsonschema"] = ([str(cj), "--schemafile", str(SCHEMA)] + files, (0,))
        print(f"== {count} documents, {rounds} rounds in shuffled order", flush=True)
        times = run_round_robin(commands, rounds)
        medians = {name: statistics.median(values) for name, values in times.items()}
        memory = peak_memory_kib(commands["guidelint"][0])
        results["sizes"][str(count)] = {"rounds": rounds, "times": times, "medians": medians, "guidelint_peak_kib": memory}
        for name, value in medians.items():
            print(f"  {name:<18} median {value * 1000:9.1f} ms  ({', '.join(f'{t * 1000:.1f}' for t in times[name])})")
        base = medians["guidelint"]
        for name, value in medians.items():
            if name != "guidelint":
                print(f"  {name} / guidelint = {value / base:.2f}x")
        print(f"  guidelint peak memory: {memory} KiB")

    small, large = results["sizes"]["2000"]["medians"]["guidelint"], results["sizes"]["20000"]["medians"]["guidelint"]
    print(f"== linearity: 20,000 docs took {large / small:.2f}x the 2,000-doc time (target 9.0-11.0)")
    memory_small = results["sizes"]["2000"]["guidelint_peak_kib"]
    memory_large = results["sizes"]["20000"]["guidelint_peak_kib"]
    print(f"== peak memory: {memory_large} KiB at 20,000 docs, {memory_large / memory_small:.2f}x the 2,000-doc peak")

    # Hostile inputs: bounded time, a diagnostic, no crash.
    hostile = WORK / "hostile"
    hostile.mkdir(parents=True, exist_ok=True)
    big = hostile / "fifty-megabytes.json"
    if not big.exists():
        big.write_text('{"title": "' + "a" * (50 * 1024 * 1024) + '"}')
    # 50 MB of tiny values: 25 million numbers in one array.
    many = hostile / "fifty-megabytes-of-values.json"
    if not many.exists():
        many.write_text("[" + ",".join(["1"] * 25_000_000) + "]")
    deep = hostile / "deep.json"
    if not deep.exists():
        deep.write_text("[" * 200_000 + "]" * 200_000)
    # One minified line holding an object of 200,000 unknown keys: 200,000 diagnostics, each
    # positioned on a 2.6 MB line and checked for a likely typo.
    wide = hostile / "wide-object.json"
    if not wide.exists():
        wide.write_text(json.dumps({f"key-{index}": index for index in range(200_000)}))
    for path in (big, many, deep, wide):
        elapsed = timed([str(GUIDELINT), "check", "--format", "json", str(path)], (1,))
        results.setdefault("hostile", {})[path.name] = elapsed
        print(f"== {path.name}: exit 1 with a diagnostic in {elapsed * 1000:.1f} ms")

    (WORK / "results.json").write_text(json.dumps(results, indent=2))
    print(f"raw numbers: {WORK / 'results.json'}")


if __name__ == "__main__":
    main()
