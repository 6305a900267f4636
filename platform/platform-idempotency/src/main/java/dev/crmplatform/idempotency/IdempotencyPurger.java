package dev.crmplatform.idempotency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired Idempotency-Key records periodically. Safe on several instances: the delete is idempotent.
 * A lifecycle bean with its own thread rather than {@code @Scheduled}, so it runs without {@code @EnableScheduling}.
 */
public class IdempotencyPurger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurger.class);

    private final IdempotencyStore store;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public IdempotencyPurger(IdempotencyStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "crm-idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });
        long seconds = Math.max(1, interval.toSeconds());
        executor.scheduleWithFixedDelay(this::purge, seconds, seconds, TimeUnit.SECONDS);
    }

    void purge() {
        try {
            int deleted = store.purgeExpired();
            if (deleted > 0) {
                log.debug("Purged {} expired idempotency keys", deleted);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Purging expired idempotency keys failed; will retry", ex);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
