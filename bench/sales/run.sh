#!/usr/bin/env bash
# Sales benchmarks (issue 4): event propagation latency customer-service -> sales replica, and order creation
# throughput with the credit check. Writes bench/results/sales.md.
# Needs PostgreSQL (127.0.0.1:5432, trust auth for postgres) and Redis (127.0.0.1:6379), or the CRM_TEST_* variables
# platform-test understands. Options as JVM system properties via BENCH_OPTS, e.g.
#   BENCH_OPTS="-Dbench.updates=10000 -Dbench.rates=25,100 -Dbench.orders=3000 -Dbench.orderThreads=8" bench/sales/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Builds both services' exec jars (reactor ordering via this module's dependencies) and this module, and writes its
# runtime classpath in the same reactor (nothing is installed in ~/.m2).
./mvnw -B -q -pl bench/sales -am package dependency:build-classpath -DskipTests

exec "$JAVA" -Xmx1g ${BENCH_OPTS:-} -Dbench.root="$PWD" \
  -cp "bench/sales/target/classes:$(cat bench/sales/target/classpath.txt)" \
  dev.crmplatform.bench.sales.SalesBenchmark
