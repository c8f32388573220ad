#!/usr/bin/env bash
# Publish→subscribe throughput and latency, 64-byte payloads, in one run: Mosquitto QoS 0 and
# QoS 1 (Debian's mosquitto on a free loopback port, Eclipse Paho clients), raw Californium NON
# requests, Starling over 1 hop and over 3 hops. Prints one table (io.starling.bench.PubSubBench).
#
#   bench/scripts/pubsub.sh [--count N] [--warmup N] [--paced N] [--rate N]
#
#   PUBSUB_JAVA_OPTS   extra JVM options (default none; e.g. -Xlog:gc)
#
# Installs mosquitto with apt-get if it is missing; starts its own broker and stops exactly that
# process at the end. Builds the bench module (mvn package, never install) when it is missing or
# older than the sources.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="$ROOT/bench/target/starling-bench-0.1.0-SNAPSHOT.jar"
STAMP="$ROOT/bench/target/.pubsub-built"

die() { echo "pubsub.sh: $*" >&2; exit 1; }

# --- mosquitto ---
find_mosquitto() { command -v mosquitto 2>/dev/null || { [[ -x /usr/sbin/mosquitto ]] && echo /usr/sbin/mosquitto; }; }
if ! MOSQUITTO="$(find_mosquitto)"; then
  echo "pubsub.sh: installing mosquitto (apt-get) ..." >&2
  SUDO=""
  [[ "$(id -u)" -ne 0 ]] && SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y mosquitto >&2 \
    || { $SUDO apt-get update >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y mosquitto >&2; }
  MOSQUITTO="$(find_mosquitto)" || die "mosquitto is still not installed"
fi

# --- a Java >= 21 (the launcher's rule) ---
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}
find_java() {
  local c v candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}/bin/java"); done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    v="$(java_major "$c")"
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$c"; return 0; fi
  done
  return 1
}
JAVA="$(find_java)" || die "no Java >= 21 found (set JAVA_HOME)"

# --- build if needed ---
needs_build() {
  [[ -f "$STAMP" && -f "$JAR" ]] || return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/{runtime,bench}/pom.xml "$ROOT"/{runtime,bench}/src/main \
      -newer "$STAMP" -type f -print -quit 2>/dev/null)" ]]
}
if needs_build; then
  echo "pubsub.sh: building the bench module ..." >&2
  log="$(mktemp)"
  if ! (cd "$ROOT" && mvn -B -q -DskipTests -Dcheckstyle.skip -Dspotless.check.skip=true \
      -pl bench -am package) >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; die "build failed"
  fi
  rm -f "$log"
  touch "$STAMP"
fi

# --- our own broker on a free loopback port ---
WORK="$(mktemp -d)"
MPID=""
cleanup() {
  if [[ -n "$MPID" ]]; then kill "$MPID" 2>/dev/null || true; wait "$MPID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for p in $(shuf -i 20000-59999 -n 50); do
  if ! listening "$p"; then PORT="$p"; break; fi
done
[[ -n "$PORT" ]] || die "no free loopback port found"
cat >"$WORK/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
set_tcp_nodelay true
log_dest stderr
log_type error
log_type warning
EOF
"$MOSQUITTO" -c "$WORK/mosquitto.conf" 2>"$WORK/mosquitto.log" &
MPID=$!
for _ in $(seq 1 200); do
  listening "$PORT" && break
  kill -0 "$MPID" 2>/dev/null || { cat "$WORK/mosquitto.log" >&2; die "mosquitto did not start"; }
  sleep 0.05
done
listening "$PORT" || die "mosquitto is not listening on 127.0.0.1:$PORT"
echo "mosquitto $("$MOSQUITTO" -h 2>/dev/null | sed -n 's/^mosquitto version \(.*\)/\1/p' | head -1)" \
  "(pid $MPID) on 127.0.0.1:$PORT; java: $JAVA"

# shellcheck disable=SC2086  # word splitting of the options is intended
"$JAVA" -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${PUBSUB_JAVA_OPTS:-} \
  -cp "$JAR:$ROOT/bench/target/lib/*" io.starling.bench.PubSubBench \
  --mqtt-port "$PORT" --mqtt-pid "$MPID" "$@"
if [[ -s "$WORK/mosquitto.log" ]]; then echo "mosquitto said:"; cat "$WORK/mosquitto.log"; fi
