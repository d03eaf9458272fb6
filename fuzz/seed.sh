#!/bin/sh
# Fills fuzz/corpus/check (git-ignored) with the seed inputs of the `check` target: the bundled
# guidelines, every JSON fixture of the test suite, and two documents nested past the parser's
# limit. Run from anywhere; safe to run again.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus/check"
mkdir -p "$corpus"
cd "$root"
find guidelines tests/fixtures -name '*.json' -type f | sort | while read -r path; do
    # One flat folder: name each seed after its path so fixtures with the same name stay apart.
    cp "$path" "$corpus/seed-$(printf '%s' "$path" | tr '/' '_')"
done
{ printf '[%.0s' $(seq 600); printf ']%.0s' $(seq 600); } > "$corpus/seed-deep-arrays.json"
{ printf '{"not":%.0s' $(seq 300); printf '{"finding":"x"}'; printf '}%.0s' $(seq 300); } \
    > "$corpus/seed-deep-conditions.json"
echo "$(find "$corpus" -name 'seed-*' | wc -l) seeds in $corpus"
