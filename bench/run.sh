#!/usr/bin/env bash
# Runs the import/search/GET benchmark against a customer-service started in-process (JDK 21+, local PostgreSQL and
# Redis as for the tests; Kafka is the in-process broker). Not part of any test run. Results: bench/results/<name>.md
#   bench/run.sh rows=1000000 name=import-1m        (options: rows, seedRows, queries, gets, duplicates, name,
#                                                    jitSettledPercent, getWarmupRequests, getWarmupMaxSeconds)
set -euo pipefail
cd "$(dirname "$0")/.."
# BENCH_PG=tuned: a PostgreSQL of its own, configured as for a production host (bench/pg/postgresql.conf)
if [[ "${BENCH_PG:-}" == tuned ]]; then
    eval "$(bench/pg/start.sh)"
fi
./mvnw -B -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cd bench
exec "${JAVA_HOME:-/usr}/bin/java" ${BENCH_JVM:--Xmx3g} -cp "target/classes:$(cat target/classpath.txt)" \
    dev.crmplatform.bench.ImportBenchmark "$@"
