package dev.crmplatform.customer.imports;

import dev.crmplatform.platform.tenancy.TenantContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs queued imports in the background, one job at a time per instance, safely with several instances.
 *
 * <p>A job is claimed from {@code import_job_run} with {@code FOR UPDATE SKIP LOCKED} and a lease that every batch
 * renews inside its own transaction, so exactly one worker applies a job's batches. That worker applies them on
 * {@code processWorkers} threads, each batch in its own transaction; the batches still commit in file order
 * (ImportProcessor). <b>Restarts resume:</b> a job whose instance stopped gracefully is released at once, one whose
 * instance died is claimed again when its lease expires, and either way it continues after its last committed
 * batch. A job claimed more than {@code maxAttempts} times (it keeps killing its worker) is failed instead,
 * deterministically. A batch failing with a transient error (deadlock with a concurrent edit) is retried; any other
 * error fails the job with its reason.
 */
@Component
public class ImportWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);

    /** After the first batch and then every this many, the planner statistics are refreshed (ImportProcessor). */
    static final int STATISTICS_EVERY_BATCHES = 10;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ImportProcessor processor;
    private final ImportJobs jobs;
    private final ImportProperties properties;
    private final String workerId;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    ImportWorker(JdbcClient jdbc, PlatformTransactionManager transactionManager, ImportProcessor processor,
                 ImportJobs jobs, ImportProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.processor = processor;
        this.jobs = jobs;
        this.properties = properties;
        this.workerId = hostName() + "/" + UUID.randomUUID();
    }

    record Claim(UUID job, UUID tenant, int attempts) {
    }

    /** Looks for work now (after an upload committed on this instance). */
    public void wakeUp() {
        wakeUp.release();
    }

    @Override
    public void start() {
        if (!properties.workerEnabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("import-worker").daemon(true).start(this::loop);
    }

    @Override
    public void stop() {
        // No interrupt: the current batch finishes (or rolls back) on its own; the loop ends before the next one.
        running = false;
        wakeUp.release();
        if (thread != null) {
            try {
                thread.join(properties.lease().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                Optional<Claim> claim = claim();
                if (claim.isPresent()) {
                    TenantContext.runAs(claim.get().tenant(), () -> run(claim.get()));
                    continue;
                }
                wakeUp.drainPermits();
                wakeUp.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is unreachable or the like: the job stays claimed until its lease expires, then resumes.
                log.warn("import worker cycle failed: {}", e.toString());
                try {
                    wakeUp.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims one job that nobody holds (never claimed, released, or its lease expired). */
    Optional<Claim> claim() {
        return transactions.execute(status -> jdbc.sql("""
                        update import_job_run r
                        set locked_by = :worker, locked_until = now() + cast(:lease as interval), attempts = attempts + 1
                        where r.job_id = (select job_id from import_job_run
                                          where locked_until is null or locked_until < now()
                                          order by created_at
                                          limit 1 for update skip locked)
                        returning r.job_id, r.tenant_id, r.attempts""")
                .param("worker", workerId)
                .param("lease", properties.lease().toMillis() + " milliseconds")
                .query((rs, n) -> new Claim(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3)))
                .optional());
    }

    private void run(Claim claim) {
        if (claim.attempts() > properties.maxAttempts()) {
            fail(claim, "The import was interrupted " + (claim.attempts() - 1) + " times and was stopped.");
            return;
        }
        long through = transactions.execute(status -> {
            jobs.start(claim.tenant(), claim.job());
            return jobs.find(claim.tenant(), claim.job()).map(ImportJobs.Job::processedThrough).orElse(0L);
        });
        BatchCursor cursor = new BatchCursor(after -> processor.bounds(claim.tenant(), claim.job(), after), through);
        RunState state = new RunState();
        List<Thread> helpers = new ArrayList<>();
        for (int i = 2; i <= properties.processWorkers(); i++) {
            helpers.add(Thread.ofPlatform().name("import-worker-" + i).daemon(true)
                    .start(() -> TenantContext.runAs(claim.tenant(), () -> applyBatches(claim, cursor, state))));
        }
        applyBatches(claim, cursor, state);
        for (Thread helper : helpers) {
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (state.failure != null) {
            fail(claim, state.failure);
            return;
        }
        if (state.ended) {
            // the lease went to another worker, or the job ended: nothing of this run is left to do
            return;
        }
        if (!running || !processor.complete(claim.tenant(), claim.job())) {
            // stopping, or rows left (which a later claim applies): give the job back at once
            release(claim);
        }
    }

    /** What the threads applying one job's batches share: why they stopped before the job's end, if they did. */
    private static final class RunState {
        volatile String failure;
        volatile boolean ended;
        final AtomicInteger batchesDone = new AtomicInteger();

        boolean stopped() {
            return failure != null || ended;
        }
    }

    /** Takes the job's next batches and applies them, until none is left or the run stops. */
    private void applyBatches(Claim claim, BatchCursor cursor, RunState state) {
        BatchCursor.Batch batch = null;
        int retries = 0;
        while (running && !state.stopped()) {
            try {
                if (batch == null) {
                    batch = cursor.next().orElse(null);
                    if (batch == null) {
                        return;
                    }
                }
                ImportProcessor.Step step = processor.processBatch(claim.tenant(), claim.job(), workerId, batch);
                if (step != ImportProcessor.Step.CONTINUE) {
                    state.ended = true;
                    return;
                }
                batch = null;
                retries = 0;
                if (state.batchesDone.incrementAndGet() % STATISTICS_EVERY_BATCHES == 1) {
                    processor.refreshStatistics();
                }
            } catch (BatchOutOfTurnException e) {
                // the batch before is being retried; this one follows it (its retry waits for that batch's commit)
                log.debug("import {}: {}", claim.job(), e.getMessage());
            } catch (TransientDataAccessException e) {
                if (++retries > properties.maxBatchRetries()) {
                    state.failure = "A batch kept failing on concurrent changes: "
                            + e.getMostSpecificCause().getMessage();
                    return;
                }
                log.info("import {} batch retried after {}", claim.job(), e.getMostSpecificCause().toString());
            } catch (RuntimeException e) {
                log.error("import {} failed", claim.job(), e);
                state.failure = "The import stopped on an internal error (" + e.getClass().getSimpleName() + ").";
                return;
            }
        }
    }

    /**
     * Fails the job, unless another worker holds it by now: a worker that stalled past its lease (its job claimed
     * again elsewhere) can still meet an error on its way out, and must not end a job that is no longer its own.
     */
    private void fail(Claim claim, String reason) {
        transactions.executeWithoutResult(status -> {
            String holder = jdbc.sql("""
                            select coalesce(locked_by, '') from import_job_run where job_id = :job for update""")
                    .param("job", claim.job()).query(String.class).optional().orElse(null);
            if (workerId.equals(holder)) {
                jobs.finish(claim.tenant(), claim.job(), "FAILED", reason);
            } else {
                log.warn("import {} not failed by {}: another worker holds it ({})", claim.job(), workerId, reason);
            }
        });
    }

    /** Graceful stop: give the job back at once so the next instance (or this one restarted) resumes it. */
    private void release(Claim claim) {
        transactions.executeWithoutResult(status -> jdbc.sql("""
                        update import_job_run set locked_by = null, locked_until = null
                        where job_id = :job and locked_by = :worker""")
                .param("job", claim.job()).param("worker", workerId).update());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
