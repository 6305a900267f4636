package dev.crmplatform.customer.imports;

/**
 * The batch before this one did not commit (it rolled back and is being retried): this batch rolls back as well and
 * is retried after it, so that batches still commit in file order.
 */
class BatchOutOfTurnException extends RuntimeException {

    BatchOutOfTurnException(BatchCursor.Batch batch) {
        super("batch " + batch.seq() + " (rows " + (batch.after() + 1) + ".." + batch.upto()
                + ") reached its turn before the batch before it committed");
    }
}
