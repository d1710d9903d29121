#!/usr/bin/env bash
# Kills `adiv replicate` with SIGKILL at random moments, resuming it each time, and checks that the
# store it ends with equals an uninterrupted run's, number for number (`adiv compare`; exact because
# every worker trains with one thread).
#
#   scripts/kill-replicate.sh [KILLS] [PRESET] [SCALE]     defaults: 20 fig5 quick
#
# Environment: OUT (work directory, default a fresh temporary one), SEED (for the random moments).
# Prints one line per kill and a summary; exit status 0 when the stores are the same.
set -euo pipefail
cd "$(dirname "$0")/.."

kills="${1:-20}"
preset="${2:-fig5}"
scale="${3:-quick}"
out="${OUT:-$(mktemp -d)}"
RANDOM="${SEED:-12}"
workers="$(nproc)"
common=(replicate --preset "$preset" --scale "$scale" --dataset fashion-mnist --parallel "$workers")

./adiv --version >/dev/null # build first, so that no kill lands in Maven (do not edit sources meanwhile)

echo "== uninterrupted: ${common[*]} --out $out/straight"
start=$(date +%s.%N)
./adiv "${common[@]}" --out "$out/straight" >/dev/null 2>"$out/straight.log"
straight=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
printf "uninterrupted run: %.1f s\n" "$straight"

echo "== $kills kills with SIGKILL at random moments, each within the time the runs left would take"
echo "   (a moment in the first 70% of what is left of the uninterrupted time)"
left=1 # the fraction of runs not finished
for ((k = 1; k <= kills; k++)); do
  r=$RANDOM # drawn here: $RANDOM inside $(...) would not advance this shell's generator
  # uniform over the first 70% of what is left of an uninterrupted run's time (at least 0.3 s): the
  # kills land mid-sweep, mid-run, during start-up, while planning, while writing the report
  at=$(awk -v r="$r" -v s="$straight" -v f="$left" 'BEGIN { printf "%.2f", 0.3 + (r % 1000) / 1000 * 0.7 * s * f }')
  ./adiv "${common[@]}" --out "$out/killed" >/dev/null 2>>"$out/killed.log" &
  pid=$!
  sleep "$at"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    counts=$(./adiv status "$out/killed/$preset" 2>/dev/null | head -1 | sed 's/.*: //') || true
    [ -n "$counts" ] || counts="(no store yet)"
    printf "kill %2d at %6.2f s: %s\n" "$k" "$at" "$counts"
    total=$(echo "$counts" | { grep -o '[0-9]\+' || true; } | awk '{ t += $1 } END { print t + 0 }')
    finished=$(echo "$counts" | { grep -o '\(done\|diverged\|failed\)=[0-9]\+' || true; } | { grep -o '[0-9]\+' || true; } \
      | awk '{ t += $1 } END { print t + 0 }')
    [ "$total" -gt 0 ] && left=$(awk -v t="$total" -v f="$finished" 'BEGIN { print (t - f) / t }')
  else
    wait "$pid" || true
    printf "kill %2d at %6.2f s: the run had already finished\n" "$k" "$at"
  fi
  sleep 0.5 # the orphaned workers stop within a fifth of a second; give them time, as a person would
done

echo "== resumed to the end"
./adiv "${common[@]}" --out "$out/killed" >/dev/null 2>>"$out/killed.log"
orphans=$(pgrep -f "adiv.cli.Main worker" | wc -l || true)
echo "worker processes left behind: $orphans"
echo "runs that continued from a checkpoint: $(grep -c 'resumed after epoch' "$out/killed.log" || true)"
./adiv compare "$out/straight/$preset" "$out/killed/$preset"
echo "(logs and stores in $out)"
