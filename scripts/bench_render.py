#!/usr/bin/env python3
"""Times `guidelint render` against `guidelint check --format json` on the benchmark's corpus of
2,000 documents, and `guidelint graph` on the bundled guideline; see BENCHMARKS.md.

Usage: cargo build --release && python3 scripts/bench_render.py
Rounds alternate between the commands, after one untimed round that puts the files in the page cache.
"""
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import GUIDELINE, GUIDELINT, ROOT, make_corpus  # noqa: E402

TODAY = "2026-11-26"
ROUNDS = 11


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command} exited {result.returncode}: {result.stderr.decode()[:2000]}")
    return elapsed * 1000


def main():
    corpus = make_corpus(2000)
    out = Path(tempfile.mkdtemp(prefix="guidelint-render-bench-"))
    commands = {
        "check --format json": [str(GUIDELINT), "check", "--format", "json", "--today", TODAY, str(corpus)],
        "render": [str(GUIDELINT), "render", "--today", TODAY, "--out", str(out / "site"), str(corpus)],
    }
    for command in commands.values():
        timed(command)
    times = {name: [] for name in commands}
    rng = random.Random(15)
    for _ in range(ROUNDS):
        names = list(commands)
        rng.shuffle(names)
        for name in names:
            time.sleep(0.3)
            times[name].append(timed(commands[name]))
    pages = sum(1 for _ in (out / "site").glob("*.html"))
    size = sum(path.stat().st_size for path in (out / "site").glob("*.html"))
    shutil.rmtree(out)
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.1f} ms, rounds {', '.join(f'{v:.1f}' for v in values)}")
    ratio = statistics.median(times["render"]) / statistics.median(times["check --format json"])
    print(f"render / check: {ratio:.2f}x ({pages} pages, {size / 1e6:.1f} MB)")
    for fmt in ["mermaid", "dot", "svg"]:
        command = [str(GUIDELINT), "graph", "--today", TODAY, "--format", fmt, str(GUIDELINE)]
        timed(command)
        values = []
        for _ in range(21):
            time.sleep(0.05)
            values.append(timed(command))
        print(f"graph --format {fmt}: median {statistics.median(values):.2f} ms, max {max(values):.2f} ms")


if __name__ == "__main__":
    main()
