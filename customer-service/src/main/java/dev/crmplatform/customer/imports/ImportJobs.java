package dev.crmplatform.customer.imports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Import jobs, their per-row errors and their queue entries. Job reads filter by tenant; RLS backs it up. */
@Repository
public class ImportJobs {

    private final JdbcClient jdbc;

    public ImportJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A job as the API shows it, without its errors. */
    public record Job(UUID id, UUID tenant, String status, String onMatch, long totalRows, long processed,
                      long created, long updated, long skippedDuplicates, long failed, long processedThrough,
                      String failureReason, OffsetDateTime createdAt, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, String createdBy) {
    }

    public record RowError(long row, String field, String reason) {
    }

    void insert(UUID tenant, UUID id, String onMatch, String actor) {
        jdbc.sql("""
                        insert into import_job (id, tenant_id, status, on_match, created_by, updated_by)
                        values (:id, :tenant, 'QUEUED', :onMatch, :actor, :actor)""")
                .param("id", id).param("tenant", tenant).param("onMatch", onMatch).param("actor", actor)
                .update();
    }

    /** The file is staged: record its size and upload-time failures, and put the job in the queue. */
    void staged(UUID tenant, UUID id, long totalRows, long failedRows) {
        jdbc.sql("""
                        update import_job set total_rows = :total, failed_count = :failed, processed_rows = :failed,
                            updated_at = now(), version = version + 1
                        where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant).param("id", id).param("total", totalRows).param("failed", failedRows)
                .update();
        jdbc.sql("insert into import_job_run (job_id, tenant_id) values (:id, :tenant)")
                .param("id", id).param("tenant", tenant)
                .update();
    }

    public Optional<Job> find(UUID tenant, UUID id) {
        return jdbc.sql("select * from import_job where tenant_id = :tenant and id = :id")
                .param("tenant", tenant).param("id", id)
                .query(ImportJobs::job)
                .optional();
    }

    /** Locks the job for a batch (also serialising any two workers that both believe they own it). */
    Optional<Job> lock(UUID tenant, UUID id) {
        return jdbc.sql("select * from import_job where tenant_id = :tenant and id = :id for update")
                .param("tenant", tenant).param("id", id)
                .query(ImportJobs::job)
                .optional();
    }

    /** The first errors in row order, one more than asked so the caller can tell whether the list is cut. */
    public List<RowError> errors(UUID tenant, UUID id, int limit) {
        return jdbc.sql("""
                        select row_number, field, reason from import_error
                        where tenant_id = :tenant and job_id = :id
                        order by row_number limit :limit""")
                .param("tenant", tenant).param("id", id).param("limit", limit + 1)
                .query((rs, n) -> new RowError(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    void start(UUID tenant, UUID id) {
        jdbc.sql("""
                        update import_job set status = 'RUNNING', started_at = coalesce(started_at, now()),
                            updated_at = now(), version = version + 1
                        where tenant_id = :tenant and id = :id and status in ('QUEUED', 'RUNNING')""")
                .param("tenant", tenant).param("id", id)
                .update();
    }

    void batchDone(UUID tenant, UUID id, long through, long processed, long created, long updated, long skipped,
                   long failed) {
        jdbc.sql("""
                        update import_job set processed_through = :through, processed_rows = processed_rows + :processed,
                            created_count = created_count + :created, updated_count = updated_count + :updated,
                            skipped_duplicates = skipped_duplicates + :skipped, failed_count = failed_count + :failed,
                            updated_at = now(), version = version + 1
                        where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant).param("id", id).param("through", through).param("processed", processed)
                .param("created", created).param("updated", updated).param("skipped", skipped)
                .param("failed", failed)
                .update();
    }

    /** Ends the job (COMPLETED or FAILED), drops what is left of its staged rows and takes it off the queue. */
    void finish(UUID tenant, UUID id, String status, String failureReason) {
        jdbc.sql("""
                        update import_job set status = :status, failure_reason = :reason, finished_at = now(),
                            updated_at = now(), version = version + 1
                        where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant).param("id", id).param("status", status).param("reason", failureReason)
                .update();
        jdbc.sql("delete from import_staging where tenant_id = :tenant and job_id = :id")
                .param("tenant", tenant).param("id", id).update();
        jdbc.sql("delete from import_job_run where job_id = :id").param("id", id).update();
    }

    private static Job job(ResultSet rs, int rowNum) throws SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("status"),
                rs.getString("on_match"), rs.getLong("total_rows"),
                rs.getLong("processed_rows"), rs.getLong("created_count"), rs.getLong("updated_count"),
                rs.getLong("skipped_duplicates"), rs.getLong("failed_count"), rs.getLong("processed_through"),
                rs.getString("failure_reason"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                rs.getString("created_by"));
    }
}
