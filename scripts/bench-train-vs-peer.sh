#!/usr/bin/env bash
# Runs `adiv bench train` and the PyTorch peer (scripts/peers/torch_mlp.py) point by point over
# the training benchmark's grid, alternating the two so that a slow spell of a shared machine falls
# on both. Prints one TSV line per point: batch width map adiv_s peer_s ratio.
# Needs Debian's python3-torch and libopenblas0-pthread (see scripts/peers/README.md).
# The peer runs with the same glibc malloc settings that ./adiv exports (PEER_MALLOC=default runs it
# with glibc's defaults instead, as its README does).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
peer="${PEER:-$root/scripts/peers/torch_mlp.py}"
threads="${THREADS:-2}"
[ -f "$peer" ] || { echo "peer script not found: $peer (set PEER=...)" >&2; exit 2; }
"$root/adiv" --version >/dev/null
printf "batch\twidth\tmap\tadiv_s\tpeer_s\tratio\n"
for b in ${BATCHES:-64 128 512}; do
  for w in ${WIDTHS:-256 1024}; do
    for m in affine affine-like; do
      a=$("$root/adiv" bench train --batch "$b" --width "$w" --map "$m" --threads "$threads" --no-gemm --json 2>/dev/null \
          | /usr/bin/python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)[0]["seconds_per_epoch"])')
      pm=${m/affine-like/affinelike}
      malloc=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456)
      [ "${PEER_MALLOC:-same}" = default ] && malloc=()
      p=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${malloc[@]}" /usr/bin/python3 "$peer" "$b" "$w" 2 "$pm" "$threads" \
          | sed -E 's/.*: ([0-9.]+)s\/epoch.*/\1/')
      printf "%s\t%s\t%s\t%s\t%s\t%.3f\n" "$b" "$w" "$m" "$a" "$p" "$(echo "$a / $p" | bc -l)"
    done
  done
done
