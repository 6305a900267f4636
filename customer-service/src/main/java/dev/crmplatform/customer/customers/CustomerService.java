package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.model.CustomerCreateRequest;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.ConflictException;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.JsonFieldErrors;
import dev.crmplatform.platform.web.problem.NotFoundException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Creating, reading, patching, archiving and tagging customers; every change is recorded and published. */
@Service
public class CustomerService {

    /** Members of a customer that a client may not write. */
    private static final Set<String> READ_ONLY = Set.of("id", "displayName", "status", "mergedInto", "createdAt",
            "updatedAt", "createdBy", "updatedBy", "version");

    /**
     * Members that a create request may omit but that cannot be removed: a merge patch's {@code null} would delete
     * them and let the create defaults (LEAD) apply, a change CustomerPatch does not allow.
     */
    private static final Set<String> NOT_NULLABLE = Set.of("lifecycleStage");

    private final CustomerRepository customers;
    private final CustomerInputs inputs;
    private final CustomerEvents events;
    private final JsonMapper json;
    private final Validator validator;

    public CustomerService(CustomerRepository customers, CustomerInputs inputs, CustomerEvents events, JsonMapper json,
                           Validator validator) {
        this.customers = customers;
        this.inputs = inputs;
        this.events = events;
        this.json = json;
        this.validator = validator;
    }

    @Transactional
    public String create(CustomerCreateRequest request, boolean allowDuplicate) {
        CustomerData data = inputs.toData(request);
        UUID tenant = TenantContext.require();
        if (!allowDuplicate) {
            rejectDuplicates(tenant, null, data.emailKeys(), data.phoneKeys());
        }
        String actor = CurrentActor.id();
        UUID id = Ids.newId();
        String state = customers.insert(tenant, id, data, actor);
        customers.recordChange(tenant, id, "CREATED", actor);
        events.created(state);
        return state;
    }

    @Transactional(readOnly = true)
    public String get(UUID id) {
        return customers.findState(TenantContext.require(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public String patch(UUID id, long expectedVersion, JsonNode patch) {
        UUID tenant = TenantContext.require();
        String currentState = lockWritable(tenant, id);
        JsonNode current = json.readTree(currentState);
        ETags.checkVersion(expectedVersion, current.get("version").asLong());

        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object.", List.of());
        }
        List<FieldErrorView> readOnly = new ArrayList<>();
        patch.properties().forEach(member -> {
            if (READ_ONLY.contains(member.getKey())) {
                readOnly.add(new FieldErrorView(member.getKey(), "is read-only"));
            } else if (NOT_NULLABLE.contains(member.getKey()) && member.getValue().isNull()) {
                readOnly.add(new FieldErrorView(member.getKey(), "cannot be removed"));
            }
        });
        if (patch.has("type") && !patch.get("type").asString().equals(current.get("type").asString())) {
            readOnly.add(new FieldErrorView("type", "cannot be changed"));
        }
        if (!readOnly.isEmpty()) {
            throw new InvalidRequestException("The patch changes fields that cannot be changed.", readOnly);
        }

        ObjectNode writable = ((ObjectNode) current).deepCopy();
        READ_ONLY.forEach(writable::remove);
        // The stored state spells an absent member as null; a patch removing it again must compare equal.
        writable.propertyNames().stream().filter(name -> writable.get(name).isNull()).toList()
                .forEach(writable::remove);
        JsonNode patched = MergePatch.apply(writable, patch);
        if (patched.equals(writable)) {
            // Nothing to change: no new version, history entry or event, as for a tag that is already there.
            return currentState;
        }
        CustomerData data = inputs.toData(validRequest(patched));

        List<String> oldEmails = stringList(current.get("emails"), "address");
        List<String> oldPhones = stringList(current.get("phones"), "number");
        rejectDuplicates(tenant, id,
                data.emailKeys().stream().filter(e -> !oldEmails.contains(e)).toList(),
                data.phoneKeys().stream().filter(p -> !oldPhones.contains(p)).toList());

        String actor = CurrentActor.id();
        String state = customers.update(tenant, id, expectedVersion, data, actor)
                .orElseThrow(() -> new IllegalStateException("customer " + id + " changed under its row lock"));
        customers.recordChange(tenant, id, "UPDATED", actor);
        events.updated(state, patch.propertyNames().stream().toList());
        return state;
    }

    /** Archives the customer; archiving an archived customer changes nothing. */
    @Transactional
    public String archive(UUID id, Long expectedVersion) {
        UUID tenant = TenantContext.require();
        String currentState = customers.lockState(tenant, id).orElseThrow(() -> notFound(id));
        JsonNode current = json.readTree(currentState);
        if (expectedVersion != null) {
            ETags.checkVersion(expectedVersion, current.get("version").asLong());
        }
        String status = current.get("status").asString();
        if ("ARCHIVED".equals(status)) {
            return currentState;
        }
        requireWritableStatus(id, status);
        String actor = CurrentActor.id();
        String state = customers.changeStatus(tenant, id, "ACTIVE", "ARCHIVED", null, actor).orElseThrow();
        customers.recordChange(tenant, id, "ARCHIVED", actor);
        events.updated(state, List.of("status"));
        return state;
    }

    @Transactional
    public String addTag(UUID id, String tag, Long expectedVersion) {
        return changeTags(id, tag, expectedVersion, true);
    }

    @Transactional
    public String removeTag(UUID id, String tag, Long expectedVersion) {
        return changeTags(id, tag, expectedVersion, false);
    }

    private String changeTags(UUID id, String tag, Long expectedVersion, boolean add) {
        UUID tenant = TenantContext.require();
        String currentState = lockWritable(tenant, id);
        JsonNode current = json.readTree(currentState);
        if (expectedVersion != null) {
            ETags.checkVersion(expectedVersion, current.get("version").asLong());
        }
        List<String> tags = new ArrayList<>(stringList(current.get("tags"), null));
        boolean changed = add ? !tags.contains(tag) && tags.add(tag) : tags.remove(tag);
        if (!changed) {
            return currentState;
        }
        if (tags.size() > CustomerLimits.TAGS) {
            throw CustomerLimits.tooMany("A customer has at most " + CustomerLimits.TAGS
                    + " tags; remove one before adding '" + tag + "'.");
        }
        String actor = CurrentActor.id();
        String state = customers.replaceTags(tenant, id, tags, actor);
        customers.recordChange(tenant, id, add ? "TAG_ADDED" : "TAG_REMOVED", actor);
        events.updated(state, List.of("tags"));
        return state;
    }

    /**
     * Locks the customer and returns its state; 404 when unknown, 422 when merged or erased. Public for the
     * features that change a customer's sub-resources (consents, interactions) in the customer's lock.
     */
    public String lockWritable(UUID tenant, UUID id) {
        String state = customers.lockState(tenant, id).orElseThrow(() -> notFound(id));
        requireWritableStatus(id, json.readTree(state).get("status").asString());
        return state;
    }

    private static void requireWritableStatus(UUID id, String status) {
        if ("MERGED".equals(status)) {
            throw new BusinessRuleException("merge-not-allowed", "Customer was merged",
                    "Customer " + id + " was merged into another customer and can no longer be changed.");
        }
        if ("ERASED".equals(status)) {
            throw new BusinessRuleException("customer-erased", "Customer was erased",
                    "Customer " + id + " was erased and can no longer be changed.");
        }
    }

    private void rejectDuplicates(UUID tenant, UUID self, List<String> emailKeys, List<String> phoneKeys) {
        List<UUID> existing = customers.findExactDuplicates(tenant, emailKeys, phoneKeys).stream()
                .filter(other -> !other.equals(self))
                .toList();
        if (!existing.isEmpty()) {
            throw new ConflictException("duplicate-customer", "Duplicate customer",
                    "A customer with the same email or phone exists; pass allowDuplicate=true to create anyway.")
                    .with("existingIds", existing);
        }
    }

    /**
     * The patched customer as a create request, validated like a POST body: the same 400s (invalid-value for a
     * wrong type or unknown enum value, validation-failed with the same field paths for a constraint).
     */
    private CustomerCreateRequest validRequest(JsonNode patched) {
        CustomerCreateRequest request;
        try {
            request = json.treeToValue(patched, CustomerCreateRequest.class);
        } catch (JacksonException e) {
            throw JsonFieldErrors.invalidValue(e);
        }
        Set<ConstraintViolation<CustomerCreateRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    private static List<String> stringList(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> values.add(field == null ? item.asString() : item.get(field).asString()));
        }
        return values;
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("customer", id);
    }
}
