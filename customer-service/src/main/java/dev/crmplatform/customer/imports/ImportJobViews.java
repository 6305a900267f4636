package dev.crmplatform.customer.imports;

import dev.crmplatform.contracts.customer.model.ImportJob;
import dev.crmplatform.contracts.customer.model.ImportMatchPolicy;
import dev.crmplatform.contracts.customer.model.ImportRowError;
import dev.crmplatform.contracts.customer.model.ImportStatus;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A job as the API shows it: progress counters and the first per-row errors. Another tenant's job is 404. */
@Component
public class ImportJobViews {

    private final ImportJobs jobs;
    private final ImportProperties properties;

    public ImportJobViews(ImportJobs jobs, ImportProperties properties) {
        this.jobs = jobs;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public ImportJob view(UUID id) {
        UUID tenant = TenantContext.require();
        ImportJobs.Job job = jobs.find(tenant, id).orElseThrow(() -> new NotFoundException("import", id));
        List<ImportJobs.RowError> errors = jobs.errors(tenant, id, properties.maxErrorsListed());
        boolean truncated = errors.size() > properties.maxErrorsListed();
        ImportJob view = new ImportJob()
                .id(job.id())
                .status(ImportStatus.fromValue(job.status()))
                .onMatch(ImportMatchPolicy.fromValue(job.onMatch()))
                .totalRows(job.totalRows())
                .processed(job.processed())
                .created(job.created())
                .updated(job.updated())
                .skippedDuplicates(job.skippedDuplicates())
                .failed(job.failed())
                .errors((truncated ? errors.subList(0, properties.maxErrorsListed()) : errors).stream()
                        .map(e -> new ImportRowError(e.row(), e.reason()).field(e.field()))
                        .toList())
                .errorsTruncated(truncated)
                .failureReason(job.failureReason())
                .createdAt(job.createdAt())
                .startedAt(job.startedAt())
                .finishedAt(job.finishedAt())
                .createdBy(job.createdBy());
        return view;
    }
}
