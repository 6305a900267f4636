package dev.crmplatform.customer.imports;

import dev.crmplatform.customer.imports.CsvImportReader.RawRow;
import dev.crmplatform.customer.imports.ImportRows.RowError;
import dev.crmplatform.customer.imports.ImportRows.StagedRow;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.PayloadTooLargeException;
import dev.crmplatform.platform.web.problem.ProblemException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives an import file: reads it as a stream, validates and normalises every row, and stages the good rows (and
 * the bad rows' errors) with COPY, all in ONE transaction together with the job and its queue entry. A file found to
 * be broken half-way (binary data, not UTF-8, over the size cap) therefore rolls back to nothing written, and a job
 * that exists always has all its rows staged.
 *
 * <p>COPY goes into temporary tables first: PostgreSQL refuses COPY FROM into a table under row-level security,
 * which the staging table is. One {@code INSERT ... SELECT} then moves the rows, checked by the tenant policy, and
 * marks rows repeating an earlier row's email or phone as duplicates on the way.
 */
@Service
public class ImportUploads {

    private static final Logger log = LoggerFactory.getLogger(ImportUploads.class);

    private static final String CREATE_INCOMING = """
            create temp table import_incoming (
                row_number bigint, customer_id uuid, event_id uuid, type text, first_name text, last_name text,
                organization_name text, display_name text, email text, phone text, emails jsonb, phones jsonb,
                lifecycle_stage text, tags text[], search_text text) on commit drop""";
    private static final String CREATE_INCOMING_ERROR =
            "create temp table import_incoming_error (row_number bigint, field text, reason text) on commit drop";
    private static final String COPY_ROWS = """
            copy import_incoming (row_number, customer_id, event_id, type, first_name, last_name, organization_name,
                display_name, email, phone, emails, phones, lifecycle_stage, tags, search_text) from stdin""";
    private static final String COPY_ERRORS = "copy import_incoming_error (row_number, field, reason) from stdin";
    /**
     * Moves the rows into the staging table, marking rows that repeat an earlier row's email or phone. The repeats
     * are found on narrow (key, row number) projections (before, the window sorts carried whole rows: two sorts of
     * ~500 MB on disk for a million rows) and are few, so the insert itself is a plain scan with a hashed lookup.
     * Unsorted: import_incoming holds the rows in file order already (one COPY stream into a fresh temporary table,
     * nothing updated or deleted), and an "order by row_number" sorted the wide rows again, on disk (116 MB at
     * 300,000 rows). The order only helps the staging key's locality; correctness never depends on it.
     */
    private static final String STAGE = """
            with repeats as (
                select row_number from (select row_number, min(row_number) over (partition by email) as first
                                        from import_incoming where email is not null) e
                where first < row_number
                union
                select row_number from (select row_number, min(row_number) over (partition by phone) as first
                                        from import_incoming where phone is not null) p
                where first < row_number
            )
            insert into import_staging (tenant_id, job_id, row_number, customer_id, event_id, duplicate, type,
                first_name, last_name, organization_name, display_name, email, phone, emails, phones, lifecycle_stage,
                tags, search_text)
            select :tenant, :job, row_number, customer_id, event_id, row_number in (select row_number from repeats),
                   type, first_name, last_name, organization_name, display_name, email, phone, emails, phones,
                   lifecycle_stage, tags, search_text
            from import_incoming""";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ImportRows rows;
    private final ImportJobs jobs;
    private final ImportProperties properties;
    private final ImportWorker worker;

    public ImportUploads(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactionManager,
                         ImportRows rows, ImportJobs jobs, ImportProperties properties, ImportWorker worker) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.rows = rows;
        this.jobs = jobs;
        this.properties = properties;
        this.worker = worker;
    }

    /** Stages the file and queues the job; returns the job id. */
    public UUID upload(InputStream body, String onMatch) {
        UUID tenant = TenantContext.require();
        String actor = CurrentActor.id();
        InputStream capped = new CappedInputStream(body, properties.maxUploadSize().toBytes());
        // The header is checked before any transaction: a file that is not our CSV costs no database work.
        try (CsvImportReader csv = CsvImportReader.open(capped)) {
            UUID job = transactions.execute(status -> stage(tenant, actor, onMatch, csv));
            worker.wakeUp();
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UUID stage(UUID tenant, String actor, String onMatch, CsvImportReader csv) {
        long start = System.nanoTime();
        UUID job = Ids.newId();
        jobs.insert(tenant, job, onMatch, actor);
        jdbc.sql(CREATE_INCOMING).update();
        jdbc.sql(CREATE_INCOMING_ERROR).update();
        Connection connection = DataSourceUtils.getConnection(dataSource); // the transaction's own connection
        try (CopySender copy = new CopySender(connection.unwrap(PGConnection.class).getCopyAPI(), 2)) {
            CopyBuffer staged = new CopyBuffer(copy, COPY_ROWS, properties.copyBatchRows());
            CopyBuffer errors = new CopyBuffer(copy, COPY_ERRORS, properties.copyBatchRows());
            RawRow raw;
            while ((raw = csv.next()) != null) {
                if (raw.number() > properties.maxRows()) {
                    throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                            "Too many rows", "An import holds at most " + properties.maxRows() + " rows.");
                }
                switch (rows.normalise(raw)) {
                    case StagedRow r -> staged.add(r.rowNumber()).add(r.customerId()).add(r.eventId()).add(r.type())
                            .add(r.firstName()).add(r.lastName()).add(r.organizationName()).add(r.displayName())
                            .add(r.email()).add(r.phone()).add(r.emailsJson()).add(r.phonesJson())
                            .add(r.lifecycleStage()).add(r.tags()).add(r.searchText()).endRow();
                    case RowError e -> errors.add(e.rowNumber()).add(e.field()).add(e.reason()).endRow();
                }
            }
            staged.flush();
            errors.flush();
            copy.drain(); // the connection is this thread's again
            long parsed = System.nanoTime();
            // the sorts of the duplicate marking in memory (transaction-local; ~60 MB for a million rows)
            jdbc.sql("set local work_mem = '128MB'").update();
            jdbc.sql(STAGE).param("tenant", tenant).param("job", job).update();
            jdbc.sql("""
                            insert into import_error (tenant_id, job_id, row_number, field, reason)
                            select :tenant, :job, row_number, field, reason from import_incoming_error""")
                    .param("tenant", tenant).param("job", job).update();
            jobs.staged(tenant, job, csv.rowsRead(), errors.total());
            log.info("import {} staged {} rows ({} invalid): read, validated and copied in {} ms, staged in {} ms", job,
                    csv.rowsRead(), errors.total(), (parsed - start) / 1_000_000, (System.nanoTime() - parsed) / 1_000_000);
            return job;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("staging import " + job + " failed", e);
        }
    }

    /** Refuses to read past the import's own size cap (413), whatever the platform's JSON limit is. */
    private static final class CappedInputStream extends FilterInputStream {

        private final long limit;
        private long read;

        CappedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
