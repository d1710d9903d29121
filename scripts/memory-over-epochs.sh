#!/usr/bin/env bash
# Trains for many epochs and samples the JVM's resident memory (VmRSS) once a second, to show that
# native memory stays flat. Prints the RSS at the end of every epoch. Extra arguments go to
# `adiv train` (default: fashion-mnist, width 256, depth 2, affine-like, 10 epochs). ADIV_JAVA_OPTS
# goes to the JVM (e.g. -Xmx256m, to tell Java heap growth from native memory).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/adiv" --version >/dev/null
log="$(mktemp)"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--dataset fashion-mnist --epochs 10 --width 256 --depth 2 --map affine-like)
java ${ADIV_JAVA_OPTS:-} -jar "$root/core/target/adiv.jar" train "${args[@]}" 2>"$log" >/dev/null &
pid=$!
seen=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  epochs=$(grep -c '^epoch ' "$log" || true)
  if [ -n "$rss" ] && [ "$epochs" -gt "$seen" ]; then
    seen=$epochs
    printf "after epoch %d: RSS %d MiB\n" "$epochs" $((rss / 1024))
  fi
  sleep 0.5
done
wait "$pid"
rm -f "$log"
