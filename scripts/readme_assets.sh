#!/bin/sh
# Regenerates the README's pictures of the bundled guideline from the current code:
#   - the Mermaid block between `<!-- graph:start -->` and `<!-- graph:end -->` in README.md, the
#     output of `guidelint graph guidelines/iliopsoas-hematoma.json` (graph_cli's
#     the_readme_shows_the_bundled_guideline_as_graph_draws_it fails when they differ);
#   - docs/review-page.png, headless Chromium's screenshot of the bundled guideline's review page,
#     1280 by 1800 pixels (the top of the page: header, contents, diagnostics banner, summary, risk
#     factors; graph_cli checks the PNG stays under 300 KB).
#
# Usage: scripts/readme_assets.sh   (from anywhere; needs cargo, python3 and chromium; optipng is
# used when present to keep the PNG small). GUIDELINT=path/to/guidelint skips the build.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bundled=guidelines/iliopsoas-hematoma.json
# The review due date is computed from --today; a fixed day keeps the screenshot reproducible.
today=2026-11-26
width=1280
height=1800

if [ -z "${GUIDELINT:-}" ]; then
    cargo build --quiet
    GUIDELINT="$root/target/debug/guidelint"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# graph exits 0 when it has drawn the document, whatever its diagnostics.
"$GUIDELINT" graph --today "$today" "$bundled" >"$work/graph.mmd"
python3 - "$work/graph.mmd" <<'EOF'
import sys
from pathlib import Path

start = "<!-- graph:start -->\n```mermaid\n"
end = "```\n<!-- graph:end -->"
readme = Path("README.md")
text = readme.read_text(encoding="utf-8")
drawn = Path(sys.argv[1]).read_text(encoding="utf-8")
before, found, rest = text.partition(start)
if not found or end not in rest:
    sys.exit("README.md has no Mermaid block between <!-- graph:start --> and <!-- graph:end -->")
rest = rest[rest.index(end):]
updated = before + start + drawn + rest
if updated != text:
    readme.write_text(updated, encoding="utf-8")
    print("README.md: Mermaid block updated")
else:
    print("README.md: Mermaid block already current")
EOF

# render exits 0 when the site is written, whatever the documents' diagnostics.
"$GUIDELINT" render --today "$today" --out "$work/site" "$bundled" >/dev/null 2>&1 \
    || { echo "guidelint render failed" >&2; exit 1; }
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --window-size="$width,$height" --virtual-time-budget=10000 \
    --user-data-dir="$work/profile" --screenshot="$work/page.png" \
    "file://$work/site/iliopsoas-hematoma.html" >/dev/null 2>&1
if command -v optipng >/dev/null 2>&1; then
    optipng -quiet -o2 -strip all "$work/page.png"
fi
cp "$work/page.png" docs/review-page.png
echo "docs/review-page.png: ${width}x$height, $(wc -c <docs/review-page.png) bytes"
