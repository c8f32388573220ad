#!/usr/bin/env bash
# Idle control-plane traffic per node at N = 10, 50 and 100 nodes in the in-memory mesh network
# (virtual time, real mesh code and crypto): runs IdleControlTrafficBench (runtime test sources)
# and prints its table. Surefire sends test output to a file; the table is copied from there.
#
#   bench/scripts/idle-traffic.sh [WINDOW_SECONDS]     (default: one refresh interval, 300)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
if [[ $# -gt 0 ]]; then
  export STARLING_BENCH_WINDOW="$1"
fi
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
if ! STARLING_BENCH=1 mvn -B -q test -pl runtime -Dtest=IdleControlTrafficBench \
    -Dsurefire.failIfNoSpecifiedTests=false >"$LOG" 2>&1; then
  cat "$LOG" >&2
  exit 1
fi
OUT="runtime/target/surefire-reports/io.starling.runtime.mesh.IdleControlTrafficBench-output.txt"
grep -E 'IdleControlTrafficBench - |^\|' "$OUT" | sed -E 's/^.*IdleControlTrafficBench - //'
