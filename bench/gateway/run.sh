#!/usr/bin/env bash
# Gateway-routed versus direct benchmark (issue 3). Writes bench/results/gateway.md.
# Needs PostgreSQL (127.0.0.1:5432, trust auth for postgres) and Redis (127.0.0.1:6379), or the CRM_TEST_* variables
# platform-test understands. Extra JVM options for the benchmark client, e.g. -Dbench.peakSeconds=60, via BENCH_OPTS.
# -Dbench.breakdown=true appends "Where the latency lies" to the report: the latency phase's requests joined with both
# services' access logs (the gateway's own time, customer-service's time, the rest).
# To take a slow request apart: -Dbench.trace=true gives every latency-phase request an X-Request-Id and writes
# bench/gateway/target/traces/<path>-r<round>.csv (due time, latency); -Dbench.gateway.jvmOpts and
# -Dbench.customer-service.jvmOpts pass flags to one child, e.g. Tomcat access logs with %{X-Request-Id}i and %D.
# (BENCH_OPTS is split on spaces: for several child flags, run the java command below directly.)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Builds the services' exec jars (reactor ordering via bench/gateway's dependencies) and this module, and writes its
# runtime classpath in the same reactor (platform-test resolves to its target/ jar: nothing is installed in ~/.m2).
./mvnw -B -q -pl bench/gateway -am package dependency:build-classpath -DskipTests

exec "$JAVA" -Xmx1g ${BENCH_OPTS:-} -Dbench.root="$PWD" \
  -cp "bench/gateway/target/classes:$(cat bench/gateway/target/classpath.txt)" \
  dev.crmplatform.bench.gateway.GatewayBenchmark
