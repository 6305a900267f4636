package dev.crmplatform.customer.imports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * CSV import settings ({@code crm.customer.imports.*}).
 *
 * @param maxUploadSize    the import's own body cap; the upload path is exempt from the platform's JSON body limit
 * @param maxRows          data rows accepted in one file
 * @param copyBatchRows    rows buffered in memory before each COPY into the upload's temporary table
 * @param processBatchRows staged rows applied per transaction by the worker
 * @param processWorkers   concurrent transactions applying one job's batches (they still commit in file order):
 *                         PostgreSQL applies a batch on one core, so a second one keeps a second core busy; each
 *                         holds a pooled connection while it runs, so keep it well below the pool's size
 * @param maxErrorsListed  per-row errors a job response lists (the count is always complete)
 * @param workerEnabled    whether this instance processes queued jobs
 * @param pollInterval     how often an idle worker looks for jobs (an upload on this instance wakes it at once)
 * @param lease            how long a claimed job stays with its worker without a renewal; a worker renews it with
 *                         every batch, and a job whose lease expired (its instance died) is resumed by another
 * @param maxAttempts      claims of one job before it is failed: a job that keeps killing its worker stops
 * @param maxBatchRetries  retries of a batch after a transient database error (deadlock, serialisation failure)
 */
@ConfigurationProperties("crm.customer.imports")
public record ImportProperties(
        @DefaultValue("1GB") DataSize maxUploadSize,
        @DefaultValue("5000000") long maxRows,
        @DefaultValue("20000") int copyBatchRows,
        @DefaultValue("20000") int processBatchRows,
        @DefaultValue("2") int processWorkers,
        @DefaultValue("1000") int maxErrorsListed,
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("3") int maxBatchRetries) {
}
