package dev.crmplatform.customer.imports;

import java.util.Optional;

/**
 * Hands out the batches of one run of a job, in file order, to the threads that apply them. Each batch is the next
 * {@code processBatchRows} staged rows after the previous one; its sequence number orders the commits
 * (ImportProcessor waits for the batch before it to commit first).
 */
final class BatchCursor {

    /** Staged rows {@code after < row_number <= upto}, {@code rows} of them, the run's {@code seq}-th batch. */
    record Batch(int seq, long after, long upto, long rows) {
    }

    /** The last row number and the size of the first batch after a row number; a size of 0 when none is left. */
    @FunctionalInterface
    interface Bounds {
        long[] after(long through);
    }

    private final Bounds bounds;
    private long through;
    private int seq;

    /** A cursor starting after {@code through}, the job's last committed row. */
    BatchCursor(Bounds bounds, long through) {
        this.bounds = bounds;
        this.through = through;
    }

    synchronized Optional<Batch> next() {
        long[] next = bounds.after(through);
        if (next[1] == 0) {
            return Optional.empty();
        }
        Batch batch = new Batch(seq++, through, next[0], next[1]);
        through = next[0];
        return Optional.of(batch);
    }
}
