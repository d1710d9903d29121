#!/usr/bin/env bash
# The first screen of a replicate's verdict page, as README shows it: headless Chromium at 1280×800.
#   scripts/screenshot-verdict.sh [OUT] [PNG]
# OUT: a replicate's output directory holding verdict.html (default runs/replicate; made at the smoke
# scale first when it has none). PNG: where the picture goes (default docs/verdict-first-screen.png).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/replicate}"
png="${2:-$root/docs/verdict-first-screen.png}"
command -v chromium >/dev/null || { echo "screenshot-verdict: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
if [ ! -f "$out/verdict.html" ]; then
  echo "screenshot-verdict: no verdict.html in $out; running ./adiv replicate --scale smoke --out $out first" >&2
  "$root/adiv" replicate --scale smoke --out "$out"
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$(dirname "$png")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$profile" \
  --window-size=1280,800 --screenshot="$png" "file://$(cd "$out" && pwd)/verdict.html" 2>/dev/null
echo "screenshot-verdict: $png (first screen of $out/verdict.html, 1280×800)"
