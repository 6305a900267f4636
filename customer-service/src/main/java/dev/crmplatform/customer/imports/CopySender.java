package dev.crmplatform.customer.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.postgresql.copy.CopyManager;

/**
 * Sends COPY buffers on a thread of its own, in order, so that the upload thread parses and validates the next rows
 * while PostgreSQL ingests the previous ones (before, the two took turns: one of the two cores idle at any time).
 *
 * <p>The transaction's connection is used by one thread at a time: only this sender's thread between the first
 * {@link #send} and {@link #drain()}; the caller issues no other statement before draining. At most
 * {@code maxInFlight} buffers are queued or being sent, so memory stays bounded. {@link #close()} waits for a copy
 * still running, so the connection is never rolled back or returned to the pool under it.
 */
final class CopySender implements AutoCloseable {

    private final CopyManager copy;
    private final int maxInFlight;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("import-copy").daemon(true).unstarted(r));
    private final ArrayDeque<Future<Long>> inFlight = new ArrayDeque<>();

    CopySender(CopyManager copy, int maxInFlight) {
        this.copy = copy;
        this.maxInFlight = maxInFlight;
    }

    /** Queues one COPY of {@code text} (COPY text format); waits while {@code maxInFlight} are pending. */
    void send(String copySql, String text) throws SQLException, IOException {
        while (inFlight.size() >= maxInFlight) {
            awaitOldest();
        }
        inFlight.add(thread.submit(
                () -> copy.copyIn(copySql, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))));
    }

    /** Waits until every queued COPY has completed; rethrows the first failure. */
    void drain() throws SQLException, IOException {
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() throws SQLException, IOException {
        Future<Long> oldest = inFlight.removeFirst();
        try {
            oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case SQLException sql -> throw sql;
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(false)); // not yet started: never start
        thread.shutdown();
        try {
            // a COPY already running finishes (or fails) before the transaction's connection is touched again
            thread.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
