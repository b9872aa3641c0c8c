#!/usr/bin/env bash
# The KCK benchmark, one command: builds KCK (target/kck.jar) and installs it with its test kit
# (kck-<version>-tests.jar, which the driver builds on), builds the driver, starts PostgreSQL with
# the demo data, a Cassandra node, KCK instances, a bare Javalin route and a direct-SQL server, drives
# them with wrk over loopback, and prints a Markdown table (also written to bench/results/latest.md).
# Progress goes to stderr. Needs JDK 17, Maven and wrk (apt-get install -y wrk).
#
#   bench/run.sh                                  # the full run (about 30 minutes, 10 of them the soak)
#   BENCH_ROUNDS=1 BENCH_SECONDS=3 BENCH_SOAK_SECONDS=30 BENCH_PROFILE_SECONDS=5 bench/run.sh   # a quick check
#   BENCH_SKIP_BUILD=1 bench/run.sh               # reuse target/kck.jar and the installed test kit
#   BENCH_ONLY=soak bench/run.sh                  # the soak alone (about 15 minutes): PostgreSQL, the
#                                                 # Cassandra node and the soak's two instances, no other
#                                                 # row; writes bench/results/soak.md, not latest.md
#   BENCH_ONLY=soak BENCH_SOAK_SECONDS=60 bench/run.sh   # a short check of the soak (about 5 minutes)
#   BENCH_KCK_JAR=/path/to/kck.jar bench/run.sh   # measure a jar built elsewhere (another branch); the
#                                                 # test kit must be installed (mvn -DskipTests install)
#
# Knobs (environment, defaults in brackets): BENCH_ROUNDS [3] interleaved rounds; BENCH_SECONDS [10]
# per wrk run; BENCH_WARMUP_SECONDS [5] per target; BENCH_CONNECTIONS [32] and BENCH_SLOW_CONNECTIONS
# [4] (slow-aggregate rows); BENCH_LATENCY_CONNECTIONS [2] (the L2 light-load rows, 1 wrk thread);
# BENCH_WRK_THREADS [2]; BENCH_STORM_REQUESTS [500]; BENCH_UPDATE_SAMPLES [40] and BENCH_AUGMENT_SAMPLES
# [10] per round; BENCH_FRESHNESS_TRIES [100] (per propagation row, "refresh on A -> new value on B"
# and "update on A -> SSE on B", on each store); BENCH_CASSANDRA [1] (0 skips the Cassandra node); BENCH_SOAK_SECONDS [600] (the soak
# after everything else, on two instances of its own, on the Cassandra store when the run has a node:
# wrk paced at 80% of a 15 s peak run on both, with cold fetches, updates, SSE streams and long polls
# beside it; 0 skips it); BENCH_SOAK_L1_BYTES [2097152] (the soak instances' cache.l1_max_bytes, in
# bytes); BENCH_PROFILE_SECONDS
# [15] (after the rounds, JFR and a per-process CPU split on bare, KCK hot, KCK L2 cassandra and direct
# SQL, recordings in bench/work/profiles; 0 skips them). BENCH_ONLY [unset]: `soak` only the soak,
# `curves` only the curves below, `hot` only bare, raw Jetty, Varnish cache hit and KCK hot (profiles of
# KCK hot and raw Jetty), `cassandra` only the two KCK L2 cassandra rows (profile of the light-load
# one); the last two write bench/work/only-NAME.md. BENCH_BASELINE_JAR (with BENCH_ONLY=hot): also KCK
# hot from that jar in the same rounds, a before/after. Every measured run of a KCK target starts with
# its keys just recomputed (POST /refresh, new versions awaited); the hot rows by round are drawn to
# bench/results/hot-rounds.png. The Varnish row needs Debian's varnish
# (apt-get install -y varnish); without varnishd it is skipped.
# The live-client and cost curves (bench/results/curves.md and its PNGs), after the soak; BENCH_ONLY=curves
# runs them alone, BENCH_CURVES=0 leaves them out: BENCH_SUBSCRIBERS [1000,5000,20000] live clients
# (half SSE, half long polls) over BENCH_LIVE_KEYS [1000] keys, capped by the open-file limit (raised
# below as far as the machine allows); BENCH_HOT_KEYS [1000,100000,1000000] keys in L1 for the hot and
# heap curves, each wrk run BENCH_CURVE_SECONDS [10] on an instance with BENCH_HOT_L1_BYTES [2GB] and
# -Xmx BENCH_HOT_HEAP [3g]; BENCH_FANOUT_KEYS [10,100,1000,10000,100000] affected keys per update.
#   BENCH_ONLY=curves BENCH_SUBSCRIBERS=200,1000 BENCH_HOT_KEYS=1000,10000 BENCH_FANOUT_KEYS=10,100,1000 \
#     BENCH_CURVE_SECONDS=3 bench/run.sh         # a quick check of the curves
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/bench/work

command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
mkdir -p "$work"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_KCK_JAR:-}" ]]; then
  echo "[bench] building KCK and installing it with its test kit: mvn -q -DskipTests install" >&2
  mvn -q -B -DskipTests install >&2
fi
jar=${BENCH_KCK_JAR:-target/kck.jar}
[[ -f "$jar" ]] || { echo "bench: $jar is missing" >&2; exit 1; }
echo "[bench] building the benchmark driver: mvn -f bench/pom.xml" >&2
mvn -q -B -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile="$work/bench.classpath" >&2 || {
  echo "bench: the driver did not build; it needs the test kit (dev.kck:kck:tests) installed:" \
    "mvn -DskipTests install at the root (bench/run.sh does it unless BENCH_SKIP_BUILD or BENCH_KCK_JAR is set)" >&2
  exit 1
}
# Cassandra runs from the root project's test class path (cassandra-all is a test dependency there),
# as the project's own integration tests run it. Resolved again only when pom.xml changes.
if [[ ! -s "$work/cassandra.classpath" || pom.xml -nt "$work/cassandra.classpath" ]]; then
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cassandra.classpath" >&2
fi

# Every live client of the curves is a socket in the driver and one in KCK (which inherits this limit).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "[bench] open-file limit $(ulimit -n)" >&2
echo "[bench] running the benchmark (progress below; the table goes to stdout and bench/results/latest.md)" >&2
java -Djava.awt.headless=true -Dbench.root="$root" -Dbench.cassandraClassPathFile="$work/cassandra.classpath" \
  -cp "$root/bench/target/classes:$(cat "$work/bench.classpath")" dev.kck.bench.Bench &
driver=$!
# The driver stops everything it started in its shutdown hook; make sure it gets the signal.
trap 'kill -TERM "$driver" 2>/dev/null || true; wait "$driver" || true; exit 130' INT TERM
wait "$driver"
