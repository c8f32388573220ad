#!/usr/bin/env bash
# Measures an idle node as the launcher runs it: time from launch to the ready line, RSS and
# live threads after an idle period, and time from SIGTERM to exit. Prints one table.
#
#   bench/scripts/idle-node.sh [PROFILE] [IDLE_SECONDS] [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PROFILE="${1:-$ROOT/firmware-config/profiles/simulated.yaml}"
IDLE="${2:-15}"
RUNS="${3:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$ROOT/starling" --version >/dev/null   # build first if needed, and create the CDS archive
printf '%-4s %10s %10s %8s %10s\n' run ready_ms rss_kB threads stop_ms
for run in $(seq 1 "$RUNS"); do
  out="$WORK/out.$run"
  start=$(date +%s%N)
  XDG_STATE_HOME="$WORK/state" "$ROOT/starling" run --profile "$PROFILE" --port 0 >"$out" 2>"$WORK/err.$run" &
  pid=$!
  until grep -q '^ready:' "$out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/err.$run" >&2; exit 1; }
    sleep 0.01
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$IDLE"
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  threads=$(awk '/^Threads/ {print $2}' "/proc/$pid/status")
  t0=$(date +%s%N)
  kill -TERM "$pid"   # a background job of a script ignores SIGINT; Ctrl-C is tested in StarlingRunIT
  wait "$pid" || true
  stop=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '%-4s %10s %10s %8s %10s\n' "$run" "$ready" "$rss" "$threads" "$stop"
done
java_bin="$(sed -n 's/^java \(.*\)/\1/p' <("$ROOT/starling" --version))"
echo "java: $java_bin; profile: $(basename "$PROFILE"); idle ${IDLE}s; launcher default JVM options"
