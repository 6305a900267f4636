package dev.crmplatform.sales.task;

import dev.crmplatform.contracts.sales.model.TaskCreateRequest;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.sales.task.TaskRepository.NewTask;
import dev.crmplatform.sales.task.TaskRepository.TaskFilter;
import dev.crmplatform.sales.task.TaskRepository.TaskRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Follow-up tasks on a lead or an opportunity. A task is OPEN until it is completed (DONE) or CANCELLED; closed tasks
 * are read-only. Overdue means OPEN with {@code dueAt} in the past.
 */
@Service
public class TaskService {

    static final String OPEN = "OPEN";
    static final String DONE = "DONE";
    static final String CANCELLED = "CANCELLED";

    private static final Map<String, String> SORTABLE = Map.of("dueAt", "due_at");
    private static final String BY_DUE = "dueAt";
    private static final Set<String> PATCHABLE = Set.of("title", "notes", "dueAt", "ownerId", "status");

    private final TaskRepository tasks;

    public TaskService(TaskRepository tasks) {
        this.tasks = tasks;
    }

    @Transactional
    public TaskRecord createForLead(UUID leadId, TaskCreateRequest request) {
        UUID tenant = TenantContext.require();
        NewTask task = newTask(leadId, null, request);
        if (!tasks.lockLead(tenant, leadId)) {
            throw new NotFoundException("lead", leadId);
        }
        return tasks.insert(tenant, task, CurrentActor.id());
    }

    @Transactional
    public TaskRecord createForOpportunity(UUID opportunityId, TaskCreateRequest request) {
        UUID tenant = TenantContext.require();
        NewTask task = newTask(null, opportunityId, request);
        if (!tasks.lockOpportunity(tenant, opportunityId)) {
            throw new NotFoundException("opportunity", opportunityId);
        }
        return tasks.insert(tenant, task, CurrentActor.id());
    }

    @Transactional(readOnly = true)
    public TaskRecord get(UUID id) {
        return tasks.find(TenantContext.require(), id).orElseThrow(() -> new NotFoundException("task", id));
    }

    @Transactional(readOnly = true)
    public Page<TaskRecord> listForLead(UUID leadId, Integer limit, String cursor, String status) {
        UUID tenant = TenantContext.require();
        PageQuery query = PageQuery.of(limit, cursor, null, SORTABLE, BY_DUE);
        if (!tasks.leadExists(tenant, leadId)) {
            throw new NotFoundException("lead", leadId);
        }
        return tasks.page(tenant, new TaskFilter(leadId, null, null, status, false), query);
    }

    @Transactional(readOnly = true)
    public Page<TaskRecord> listForOpportunity(UUID opportunityId, Integer limit, String cursor, String status) {
        UUID tenant = TenantContext.require();
        PageQuery query = PageQuery.of(limit, cursor, null, SORTABLE, BY_DUE);
        if (!tasks.opportunityExists(tenant, opportunityId)) {
            throw new NotFoundException("opportunity", opportunityId);
        }
        return tasks.page(tenant, new TaskFilter(null, opportunityId, null, status, false), query);
    }

    /** An owner's tasks (default the caller's); {@code overdue}: only open tasks past their due time. */
    @Transactional(readOnly = true)
    public Page<TaskRecord> listForOwner(String ownerId, boolean overdue, String status, Integer limit,
                                         String cursor) {
        PageQuery query = PageQuery.of(limit, cursor, null, SORTABLE, BY_DUE);
        String owner = ownerId == null || ownerId.isBlank() ? CurrentActor.id() : ownerId.strip();
        return tasks.page(TenantContext.require(), new TaskFilter(null, null, owner, status, overdue), query);
    }

    /** Merge patch; {@code status} DONE completes, CANCELLED cancels. Closed tasks are read-only (422). */
    @Transactional
    public TaskRecord patch(UUID id, JsonNode patch, String ifMatch) {
        long expected = ETags.requireIfMatch(ifMatch);
        MergePatchFields fields = new MergePatchFields(patch, PATCHABLE);
        String title = fields.has("title") ? fields.text("title", 1, 200, false) : null;
        String notes = fields.has("notes") ? fields.text("notes", 0, 4000, true) : null;
        Instant dueAt = fields.has("dueAt") ? fields.dateTime("dueAt") : null;
        String owner = fields.has("ownerId") ? fields.text("ownerId", 1, 200, false) : null;
        String status = fields.has("status") ? fields.oneOf("status", Set.of(DONE, CANCELLED)) : null;
        fields.validate();

        UUID tenant = TenantContext.require();
        TaskRecord current = tasks.lock(tenant, id).orElseThrow(() -> new NotFoundException("task", id));
        ETags.checkVersion(expected, current.version());
        if (!OPEN.equals(current.status())) {
            throw new BusinessRuleException("Task " + id + " is " + current.status() + " and can no longer be changed");
        }
        Instant completedAt = DONE.equals(status) ? Instant.now().truncatedTo(ChronoUnit.MICROS) : null;
        TaskRecord changed = current.with(
                title != null ? title : current.title(),
                fields.has("notes") ? (notes == null || notes.isEmpty() ? null : notes) : current.notes(),
                dueAt != null ? dueAt : current.dueAt(),
                owner != null ? owner : current.ownerId(),
                status != null ? status : current.status(),
                completedAt);
        return tasks.update(tenant, changed, CurrentActor.id());
    }

    private static NewTask newTask(UUID leadId, UUID opportunityId, TaskCreateRequest request) {
        String title = request.getTitle().strip();
        if (title.isEmpty()) {
            throw InvalidRequestException.of("title", "must not be blank");
        }
        String notes = request.getNotes() == null || request.getNotes().isBlank() ? null : request.getNotes().strip();
        String owner = request.getOwnerId() == null || request.getOwnerId().isBlank()
                ? CurrentActor.id() : request.getOwnerId().strip();
        return new NewTask(Ids.newId(), leadId, opportunityId, title, notes,
                request.getDueAt().toInstant().truncatedTo(ChronoUnit.MICROS), owner);
    }
}
