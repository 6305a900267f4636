package dev.crmplatform.customer.imports;

import dev.crmplatform.customer.customers.CustomerEvents;
import dev.crmplatform.customer.customers.CustomerLimits;
import dev.crmplatform.platform.outbox.OutboxWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a job's staged rows, one batch per transaction: creates, updates, history rows, outbox events, the
 * progress counters and the job's cursor ({@code processed_through}) commit together or not at all. A batch
 * interrupted by a crash therefore leaves no trace and the resumed job redoes exactly that batch, writing the same
 * ids (chosen at upload). Batches commit in file order, so {@code processed_through} is always a committed prefix.
 */
@Component
class ImportProcessor {

    private static final Logger log = LoggerFactory.getLogger(ImportProcessor.class);

    enum Step { CONTINUE, DONE, LOST_LEASE }

    /** Where a batch's time goes, for the log line every batch writes. */
    static final class Timings {

        private final long start = System.nanoTime();
        private long last = start;
        private final StringBuilder laps = new StringBuilder();

        void lap(String name) {
            long now = System.nanoTime();
            laps.append(laps.isEmpty() ? "" : ", ").append(name).append(' ').append((now - last) / 1_000_000).append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return (System.nanoTime() - start) / 1_000_000 + " ms (" + laps + ")";
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ImportJobs jobs;
    private final OutboxWriter outbox;
    private final ImportProperties properties;

    ImportProcessor(JdbcClient jdbc, PlatformTransactionManager transactionManager, ImportJobs jobs,
                    OutboxWriter outbox, ImportProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jobs = jobs;
        this.outbox = outbox;
        this.properties = properties;
    }

    /**
     * Refreshes the planner statistics of the tables the batch statements look customers up in. A large import grows
     * them far faster than autovacuum analyzes them; with statistics saying the tenant has a handful of customers,
     * the planner reads "by tenant" through a (tenant_id, ...) index instead of probing the primary key, and every
     * batch then walks all of the tenant's customers (measured: lock and match of a batch growing from 0.2 to
     * 1.5 s between 200,000 and 800,000 customers). ANALYZE samples a fixed number of rows; only the columns those
     * statements filter and join on: with all of customer's columns (the JSON and text ones most) it took ~1.5 s.
     */
    void refreshStatistics() {
        transactions.executeWithoutResult(status -> jdbc.sql("""
                analyze customer (id, tenant_id, status, created_at),
                        customer_contact_key (tenant_id, key, customer_id)""").update());
    }

    /** The last row number and size of the first batch after {@code through} (0 rows when none is left). */
    long[] bounds(UUID tenant, UUID job, long through) {
        return transactions.execute(status -> jdbc.sql(ImportBatchSql.BOUNDS)
                .param("tenant", tenant).param("job", job).param("through", through)
                .param("limit", properties.processBatchRows())
                .query((rs, n) -> new long[] {rs.getLong("upto"), rs.getLong("rows")}).single());
    }

    /**
     * Applies one batch of the job as its tenant (the caller has set TenantContext). Batches of a job run
     * concurrently, each in its own transaction, but commit in file order: matching and creating customers (most of
     * the work) overlap with the batch before; everything that depends on the order of the file (updates of matched
     * customers, history, events, the job's cursor and counters) happens after that batch committed.
     */
    Step processBatch(UUID tenant, UUID job, String worker, BatchCursor.Batch batch) {
        return transactions.execute(status -> {
            // held until this transaction ends: the next batch waits on it for its turn (awaitTurn)
            jdbc.sql("select 1 from pg_advisory_xact_lock(:job, :seq)")
                    .param("job", job.hashCode()).param("seq", batch.seq()).query(Integer.class).single();
            ImportJobs.Job current = jobs.find(tenant, job).orElse(null);
            if (current == null || !current.status().equals("RUNNING")) {
                return Step.DONE;
            }
            if (!holdsLease(job, worker)) {
                return Step.LOST_LEASE;
            }
            Map<String, Object> params = new HashMap<>();
            params.put("tenant", tenant);
            params.put("job", job);
            params.put("through", batch.after());
            params.put("upto", batch.upto());
            params.put("onMatch", current.onMatch());
            params.put("actor", current.createdBy());
            params.put("createdType", CustomerEvents.CREATED);
            params.put("updatedType", CustomerEvents.UPDATED);
            params.put("maxEmails", CustomerLimits.EMAILS);
            params.put("maxPhones", CustomerLimits.PHONES);
            params.put("maxTags", CustomerLimits.TAGS);

            Timings timings = new Timings();
            // No JIT: the estimates of these bulk statements are high enough to trigger it, and compiling dozens
            // of functions per statement costs more than it saves on 20,000 rows.
            jdbc.sql("set local jit = off").update();
            // the sorts of a batch (postings in key order, ~175,000 rows) in memory rather than in temporary files
            jdbc.sql("set local work_mem = '64MB'").update();
            // new customers' dictionary words are added after this batch's turn (ADD_CREATED_WORDS)
            jdbc.sql("set local crm.search_words_deferred = on").update();
            jdbc.sql(ImportBatchSql.CREATE_BATCH).params(params).update();
            // statistics of the batch before matching (its size) and after (its outcomes): without them a temporary
            // table looks tiny and the planner picks nested loops that re-run whole subqueries per row
            jdbc.sql(ImportBatchSql.ANALYZE_BATCH).update();
            // plain index scans for the probes: with the key table's lagging statistics (thousands of rows per key)
            // the planner prefers a bitmap scan per probe, 4x slower for the one or zero rows a key really has
            jdbc.sql("set local enable_bitmapscan = off").update();
            jdbc.sql(ImportBatchSql.MATCH).params(params).update();
            jdbc.sql("set local enable_bitmapscan = on").update();
            jdbc.sql(ImportBatchSql.ANALYZE_BATCH).update();
            timings.lap("match");
            // customers by primary key (lock and update), whatever the statistics of customer say: during an
            // import they lag far behind its size, and a plan built on them scans every customer per batch
            jdbc.sql("set local enable_seqscan = off").update();
            jdbc.sql(ImportBatchSql.CREATE_CHANGED).update();
            // New customers cannot collide with another batch's: a row repeating an earlier row's email or phone
            // was marked a duplicate at upload. So they are created before this batch's turn.
            jdbc.sql(ImportBatchSql.INSERT_CREATED).params(params).update();
            timings.lap("insert");
            awaitTurn(tenant, job, batch);
            timings.lap("turn");
            if (!renewLease(job, worker)) {
                status.setRollbackOnly();
                return Step.LOST_LEASE;
            }
            current = jobs.lock(tenant, job).orElse(null);
            if (current == null || !current.status().equals("RUNNING")) {
                status.setRollbackOnly();
                return Step.DONE;
            }
            jdbc.sql(ImportBatchSql.ADD_CREATED_WORDS).params(params).update();
            jdbc.sql(ImportBatchSql.LOCK_MATCHED).params(params).query((rs, n) -> rs.getObject(1)).list();
            jdbc.sql(ImportBatchSql.FAIL_OVER_LIMITS).params(params).update();
            Map<String, Long> outcomes = new HashMap<>();
            jdbc.sql(ImportBatchSql.OUTCOMES).query(rs -> {
                outcomes.put(rs.getString(1), rs.getLong(2));
            });
            timings.lap("lock");
            jdbc.sql(ImportBatchSql.UPDATE_MATCHED).params(params).update();
            jdbc.sql("set local enable_seqscan = on").update();
            timings.lap("update");
            jdbc.sql(ImportBatchSql.RECORD_HISTORY).params(params).update();
            timings.lap("history");
            outbox.appendAll(CustomerEvents.TOPIC, ImportBatchSql.EVENTS, Map.of());
            timings.lap("outbox");
            jdbc.sql(ImportBatchSql.DELETE_STAGED).params(params).update();
            timings.lap("cleanup");

            long created = outcomes.getOrDefault("CREATE", 0L);
            long updated = outcomes.getOrDefault("UPDATE", 0L);
            long skipped = outcomes.getOrDefault("DUPLICATE", 0L) + outcomes.getOrDefault("SKIP", 0L);
            long failed = outcomes.getOrDefault("FAILED", 0L);
            jobs.batchDone(tenant, job, batch.upto(), batch.rows(), created, updated, skipped, failed);
            log.info("import {} rows {}..{}: {} created, {} updated, {} skipped, {} failed in {}", job,
                    batch.after() + 1, batch.upto(), created, updated, skipped, failed, timings);
            return Step.CONTINUE;
        });
    }

    /**
     * Waits until the batch before this one has committed (its transaction holds the advisory lock this one waits
     * for). If it rolled back instead, its rows are still staged: this batch gives way and is retried after it.
     */
    private void awaitTurn(UUID tenant, UUID job, BatchCursor.Batch batch) {
        if (batch.seq() == 0) {
            // the first batch of a run follows only batches that committed before the run began
            return;
        }
        jdbc.sql("select 1 from pg_advisory_xact_lock_shared(:job, :seq)")
                .param("job", job.hashCode()).param("seq", batch.seq() - 1).query(Integer.class).single();
        if (rowsStaged(tenant, job, batch.after())) {
            throw new BatchOutOfTurnException(batch);
        }
    }

    /** Whether rows of the job up to {@code through} are still staged (not applied by a committed batch). */
    private boolean rowsStaged(UUID tenant, UUID job, long through) {
        return jdbc.sql("""
                        select exists (select 1 from import_staging
                                       where tenant_id = :tenant and job_id = :job and row_number <= :through)""")
                .param("tenant", tenant).param("job", job).param("through", through)
                .query(Boolean.class).single();
    }

    /** A plain read, so that batches in flight do not queue on the job's queue entry before their turn. */
    private boolean holdsLease(UUID job, String worker) {
        return jdbc.sql("select exists (select 1 from import_job_run where job_id = :job and locked_by = :worker)")
                .param("job", job).param("worker", worker).query(Boolean.class).single();
    }

    /** Extends the lease in the batch's own transaction: a worker that lost its job commits nothing more. */
    private boolean renewLease(UUID job, String worker) {
        return jdbc.sql("""
                        update import_job_run set locked_until = now() + cast(:lease as interval)
                        where job_id = :job and locked_by = :worker""")
                .param("lease", properties.lease().toMillis() + " milliseconds")
                .param("job", job).param("worker", worker)
                .update() > 0;
    }

    /** Ends the job as COMPLETED if all its batches committed and it is still running. */
    boolean complete(UUID tenant, UUID job) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            ImportJobs.Job current = jobs.lock(tenant, job).orElse(null);
            if (current == null || !current.status().equals("RUNNING")) {
                return false;
            }
            if (rowsStaged(tenant, job, Long.MAX_VALUE)) {
                return false;
            }
            jobs.finish(tenant, job, "COMPLETED", null);
            return true;
        }));
    }
}
