package dev.crmplatform.sales.task;

import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Follow-up tasks on leads and opportunities. Every query filters by tenant; row-level security backs it up. */
@Repository
public class TaskRepository {

    private static final String COLUMNS = """
            id, lead_id, opportunity_id, title, notes, due_at, owner_id, status, completed_at, created_at, updated_at,
            created_by, updated_by, version, (status = 'OPEN' and due_at < now()) as overdue""";

    private final JdbcClient jdbc;

    public TaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the lead exists in this tenant; locks it against deletion until the transaction ends. */
    public boolean lockLead(UUID tenant, UUID leadId) {
        return jdbc.sql("select id from lead where tenant_id = :tenant and id = :id for key share")
                .param("tenant", tenant).param("id", leadId).query(UUID.class).optional().isPresent();
    }

    /** Whether the opportunity exists in this tenant; locks it against deletion until the transaction ends. */
    public boolean lockOpportunity(UUID tenant, UUID opportunityId) {
        return jdbc.sql("select id from opportunity where tenant_id = :tenant and id = :id for key share")
                .param("tenant", tenant).param("id", opportunityId).query(UUID.class).optional().isPresent();
    }

    public boolean leadExists(UUID tenant, UUID leadId) {
        return jdbc.sql("select id from lead where tenant_id = :tenant and id = :id")
                .param("tenant", tenant).param("id", leadId).query(UUID.class).optional().isPresent();
    }

    public boolean opportunityExists(UUID tenant, UUID opportunityId) {
        return jdbc.sql("select id from opportunity where tenant_id = :tenant and id = :id")
                .param("tenant", tenant).param("id", opportunityId).query(UUID.class).optional().isPresent();
    }

    public TaskRecord insert(UUID tenant, NewTask task, String actor) {
        return jdbc.sql("""
                        insert into sales_task (id, tenant_id, lead_id, opportunity_id, title, notes, due_at, owner_id,
                                                created_by, updated_by)
                        values (:id, :tenant, :lead, :opportunity, :title, :notes, :dueAt, :owner, :actor, :actor)
                        returning\s""" + COLUMNS)
                .param("id", task.id())
                .param("tenant", tenant)
                .param("lead", task.leadId())
                .param("opportunity", task.opportunityId())
                .param("title", task.title())
                .param("notes", task.notes())
                .param("dueAt", utc(task.dueAt()))
                .param("owner", task.ownerId())
                .param("actor", actor)
                .query(TaskRepository::row)
                .single();
    }

    public Optional<TaskRecord> find(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from sales_task where tenant_id = :tenant and id = :id")
                .param("tenant", tenant).param("id", id).query(TaskRepository::row).optional();
    }

    public Optional<TaskRecord> lock(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from sales_task where tenant_id = :tenant and id = :id for no key update")
                .param("tenant", tenant).param("id", id).query(TaskRepository::row).optional();
    }

    public TaskRecord update(UUID tenant, TaskRecord task, String actor) {
        return jdbc.sql("""
                        update sales_task
                           set title = :title, notes = :notes, due_at = :dueAt, owner_id = :owner, status = :status,
                               completed_at = :completedAt, updated_at = now(), updated_by = :actor,
                               version = version + 1
                         where tenant_id = :tenant and id = :id and version = :version
                        returning\s""" + COLUMNS)
                .param("tenant", tenant)
                .param("id", task.id())
                .param("version", task.version())
                .param("title", task.title())
                .param("notes", task.notes())
                .param("dueAt", utc(task.dueAt()))
                .param("owner", task.ownerId())
                .param("status", task.status())
                .param("completedAt", task.completedAt() == null ? null : utc(task.completedAt()))
                .param("actor", actor)
                .query(TaskRepository::row)
                .single();
    }

    /**
     * One page of tasks matching {@code filter}, earliest due first ((due_at, id) keyset: tasks added while a client
     * pages never shift or duplicate what it sees).
     */
    public Page<TaskRecord> page(UUID tenant, TaskFilter filter, PageQuery query) {
        Keyset keyset = Keyset.of(query, "id");
        List<TaskRecord> rows = jdbc.sql("select " + COLUMNS + """
                         from sales_task
                        where tenant_id = :tenant
                          and (cast(:lead as uuid) is null or lead_id = :lead)
                          and (cast(:opportunity as uuid) is null or opportunity_id = :opportunity)
                          and (cast(:owner as text) is null or owner_id = :owner)
                          and (cast(:status as text) is null or status = :status)
                          and (not :overdue or (status = 'OPEN' and due_at < now()))
                          and\s""" + keyset.where() + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .param("tenant", tenant)
                .param("lead", filter.leadId())
                .param("opportunity", filter.opportunityId())
                .param("owner", filter.ownerId())
                .param("status", filter.status())
                .param("overdue", filter.overdue())
                .params(keyset.params())
                .query(TaskRepository::row)
                .list();
        return keyset.page(rows, (row, field) -> Keyset.ID.equals(field) ? row.id() : row.dueAt());
    }

    private static TaskRecord row(ResultSet rs, int row) throws SQLException {
        OffsetDateTime completedAt = rs.getObject("completed_at", OffsetDateTime.class);
        return new TaskRecord(rs.getObject("id", UUID.class), rs.getObject("lead_id", UUID.class),
                rs.getObject("opportunity_id", UUID.class), rs.getString("title"), rs.getString("notes"),
                instant(rs, "due_at"), rs.getString("owner_id"), rs.getString("status"),
                completedAt == null ? null : completedAt.toInstant(), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getString("created_by"), rs.getString("updated_by"),
                rs.getLong("version"), rs.getBoolean("overdue"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public record NewTask(UUID id, UUID leadId, UUID opportunityId, String title, String notes, Instant dueAt,
                          String ownerId) {
    }

    /** Null members do not filter. */
    public record TaskFilter(UUID leadId, UUID opportunityId, String ownerId, String status, boolean overdue) {
    }

    public record TaskRecord(UUID id, UUID leadId, UUID opportunityId, String title, String notes, Instant dueAt,
                             String ownerId, String status, Instant completedAt, Instant createdAt, Instant updatedAt,
                             String createdBy, String updatedBy, long version, boolean overdue) {

        TaskRecord with(String title, String notes, Instant dueAt, String ownerId, String status,
                        Instant completedAt) {
            return new TaskRecord(id, leadId, opportunityId, title, notes, dueAt, ownerId, status, completedAt,
                    createdAt, updatedAt, createdBy, updatedBy, version, overdue);
        }
    }
}
