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
#   BENCH_KCK_JAR=/path/to/kck.jar bench/run.sh   # measure a jar built elsewhere (another branch); the
#                                                 # test kit must be installed (mvn -DskipTests install)
#
# Knobs (environment, defaults in brackets): BENCH_ROUNDS [3] interleaved rounds; BENCH_SECONDS [10]
# per wrk run; BENCH_WARMUP_SECONDS [5] per target; BENCH_CONNECTIONS [32] and BENCH_SLOW_CONNECTIONS
# [4] (slow-aggregate rows); BENCH_LATENCY_CONNECTIONS [2] (the L2 light-load rows, 1 wrk thread);
# BENCH_WRK_THREADS [2]; BENCH_STORM_REQUESTS [500]; BENCH_UPDATE_SAMPLES [40] and BENCH_AUGMENT_SAMPLES
# [10] per round; BENCH_FRESHNESS_TRIES [100] (per propagation row, "refresh on A -> new value on B"
# and "update on A -> SSE on B", on each store); BENCH_CASSANDRA [1] (0 skips the Cassandra node); BENCH_SOAK_SECONDS [600] (the soak
# after everything else: a 15 s peak run, then wrk paced at 80% of it; 0 skips it);
# BENCH_SOAK_L1_BYTES [2097152] (the soak instance's cache.l1_max_bytes, in bytes); BENCH_PROFILE_SECONDS
# [15] (after the rounds, JFR and a per-process CPU split on bare, KCK hot, KCK L2 cassandra and direct
# SQL, recordings in bench/work/profiles; 0 skips them); BENCH_ONLY [unset]: `hot` runs only bare, raw
# Jetty, Varnish cache hit and KCK hot (profiles of KCK hot and raw Jetty), `cassandra` only the two
# KCK L2 cassandra rows (profile of the light-load one); results in bench/work/only-NAME.md.
# BENCH_BASELINE_JAR (with BENCH_ONLY=hot): also KCK hot from that jar in the same rounds, a before/after.
# The Varnish row needs Debian's varnish (apt-get install -y varnish); without varnishd it is skipped.
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

echo "[bench] running the benchmark (progress below; the table goes to stdout and bench/results/latest.md)" >&2
java -Dbench.root="$root" -Dbench.cassandraClassPathFile="$work/cassandra.classpath" \
  -cp "$root/bench/target/classes:$(cat "$work/bench.classpath")" dev.kck.bench.Bench &
driver=$!
# The driver stops everything it started in its shutdown hook; make sure it gets the signal.
trap 'kill -TERM "$driver" 2>/dev/null || true; wait "$driver" || true; exit 130' INT TERM
wait "$driver"
