#!/usr/bin/env bash
# Search, GET-by-id and duplicate-detection latency on 1,000,000 customers seeded through SQL into a customer-service
# started in-process (JDK 21+, local PostgreSQL and Redis as for the tests; Kafka is the in-process broker). Not part
# of any test run.
#   bench/search.sh       (options: rows, queries, gets, duplicates, name, database, tenant; results: bench/results/<name>.md)
set -euo pipefail
cd "$(dirname "$0")/.."
# BENCH_PG=tuned: a PostgreSQL of its own, configured as for a production host (bench/pg/postgresql.conf)
if [[ "${BENCH_PG:-}" == tuned ]]; then
    eval "$(bench/pg/start.sh)"
fi
./mvnw -B -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cd bench
exec "${JAVA_HOME:-/usr}/bin/java" ${BENCH_JVM:--Xmx2g} -cp "target/classes:$(cat target/classpath.txt)" \
    dev.crmplatform.bench.SearchBenchmark "$@"
