package dev.crmplatform.sales.task;

import dev.crmplatform.contracts.sales.api.TasksApi;
import dev.crmplatform.contracts.sales.model.Task;
import dev.crmplatform.contracts.sales.model.TaskCreateRequest;
import dev.crmplatform.contracts.sales.model.TaskPage;
import dev.crmplatform.contracts.sales.model.TaskStatus;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.sales.task.TaskRepository.TaskRecord;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
public class TasksController implements TasksApi {

    private final TaskService service;

    public TasksController(TaskService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<Task> createLeadTask(UUID id, TaskCreateRequest request, String idempotencyKey) {
        return created(service.createForLead(id, request));
    }

    @Override
    public ResponseEntity<Task> createOpportunityTask(UUID id, TaskCreateRequest request, String idempotencyKey) {
        return created(service.createForOpportunity(id, request));
    }

    @Override
    public ResponseEntity<Task> getTask(UUID id) {
        TaskRecord task = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(task.version())).body(toDto(task));
    }

    @Override
    public ResponseEntity<TaskPage> listLeadTasks(UUID id, Integer limit, String cursor, TaskStatus status) {
        return ResponseEntity.ok(toPage(service.listForLead(id, limit, cursor, value(status))));
    }

    @Override
    public ResponseEntity<TaskPage> listOpportunityTasks(UUID id, Integer limit, String cursor, TaskStatus status) {
        return ResponseEntity.ok(toPage(service.listForOpportunity(id, limit, cursor, value(status))));
    }

    @Override
    public ResponseEntity<TaskPage> listTasks(Integer limit, String cursor, String ownerId, Boolean overdue,
                                              TaskStatus status) {
        return ResponseEntity.ok(toPage(service.listForOwner(ownerId, Boolean.TRUE.equals(overdue), value(status),
                limit, cursor)));
    }

    @Override
    public ResponseEntity<Task> patchTask(UUID id, JsonNode patch, String ifMatch) {
        TaskRecord task = service.patch(id, patch, ifMatch);
        return ResponseEntity.ok().eTag(ETags.of(task.version())).body(toDto(task));
    }

    private static ResponseEntity<Task> created(TaskRecord task) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/tasks/" + task.id()))
                .eTag(ETags.of(task.version()))
                .body(toDto(task));
    }

    private static String value(TaskStatus status) {
        return status == null ? null : status.getValue();
    }

    private static TaskPage toPage(Page<TaskRecord> page) {
        TaskPage dto = new TaskPage().nextCursor(page.nextCursor());
        page.items().forEach(item -> dto.addItemsItem(toDto(item)));
        return dto;
    }

    static Task toDto(TaskRecord task) {
        return new Task()
                .id(task.id())
                .leadId(task.leadId())
                .opportunityId(task.opportunityId())
                .title(task.title())
                .notes(task.notes())
                .dueAt(task.dueAt().atOffset(ZoneOffset.UTC))
                .ownerId(task.ownerId())
                .status(TaskStatus.fromValue(task.status()))
                .overdue(task.overdue())
                .completedAt(task.completedAt() == null ? null : task.completedAt().atOffset(ZoneOffset.UTC))
                .createdAt(task.createdAt().atOffset(ZoneOffset.UTC))
                .updatedAt(task.updatedAt().atOffset(ZoneOffset.UTC))
                .createdBy(task.createdBy())
                .updatedBy(task.updatedBy())
                .version(task.version());
    }
}
