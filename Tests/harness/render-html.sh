#!/usr/bin/env bash
# Renders an HTML report or credentials sheet as a person would see it, with Debian's
# headless chromium: a PNG screenshot, and with --pdf also a printed PDF (and PNGs of its
# pages when pdftoppm is installed). A manual check, not a unit test.
#
#   Tests/harness/render-html.sh REPORT.html OUT.png [--pdf]
#
# Needs: apt-get install -y chromium fonts-noto-cjk (poppler-utils for the page PNGs).
# Without fonts-noto-cjk, Chinese, Japanese and Korean names render as empty boxes.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [--pdf]" >&2
  exit 2
fi
report=$1
out=$2
pdf=${3:-}

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "$0: chromium is not installed (apt-get install -y chromium fonts-noto-cjk)" >&2
  exit 2
fi
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  echo "$0: warning: fonts-noto-cjk is not installed; CJK names will show as boxes" >&2
fi

abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile"
       --no-first-run --disable-extensions --disable-background-networking)

"$browser" "${flags[@]}" --screenshot="$out" --window-size=1200,1600 "file://$abs" 2>/dev/null
echo "screenshot: $out"

if [ "$pdf" = "--pdf" ]; then
  pdf_out=${out%.png}.pdf
  "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$pdf_out" "file://$abs" 2>/dev/null
  echo "pdf: $pdf_out"
  if command -v pdftoppm >/dev/null; then
    pdftoppm -png -r 60 "$pdf_out" "${out%.png}-page"
    ls "${out%.png}"-page*.png
  fi
fi
