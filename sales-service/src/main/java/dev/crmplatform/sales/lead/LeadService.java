package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.events.sales.LeadCreated;
import dev.crmplatform.contracts.sales.model.LeadCreateRequest;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.platform.web.problem.ProblemTypes;
import dev.crmplatform.sales.events.SalesEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Capturing, reading and updating leads: scored on every change, assigned on create. */
@Service
public class LeadService {

    /** Members of a lead that a patch may set besides the create members. */
    private static final Set<String> PATCHABLE_STATE = Set.of("status", "disqualifiedReason", "ownerId");
    private static final Set<String> CREATE_MEMBERS = Set.of("firstName", "lastName", "email", "phone", "title",
            "company", "companySize", "country", "industry", "source", "campaignId", "notes");
    private static final Set<String> READ_ONLY = Set.of("id", "score", "scoreExplanation", "assignmentRule",
            "convertedCustomerId", "convertedOpportunityId", "convertedAt", "anonymised", "createdAt", "updatedAt",
            "createdBy", "updatedBy", "version");
    private static final int MAX_REASON = 500;
    private static final int MAX_OWNER = 100;

    private final LeadRepository leads;
    private final LeadInputs inputs;
    private final LeadScorer scorer;
    private final LeadAssigner assigner;
    private final LeadResponses responses;
    private final SalesEvents events;
    private final JsonMapper json;

    public LeadService(LeadRepository leads, LeadInputs inputs, LeadScorer scorer, LeadAssigner assigner,
                       LeadResponses responses, SalesEvents events, JsonMapper json) {
        this.leads = leads;
        this.inputs = inputs;
        this.scorer = scorer;
        this.assigner = assigner;
        this.responses = responses;
        this.events = events;
        this.json = json;
    }

    @Transactional
    public LeadRow create(LeadCreateRequest request) {
        UUID tenant = TenantContext.require();
        LeadData data = inputs.toData(request);
        LeadScorer.Score score = scorer.score(data.facts());
        LeadAssigner.Assignment assignment = assigner.assign(tenant, data.country(), data.industry());
        UUID id = Ids.newId();
        LeadRow row = leads.insert(tenant, id, data, score.value(), responses.explanationJson(score),
                assignment.ownerId(), assignment.rule(), CurrentActor.id());
        events.publish(SalesEvents.LEAD_CREATED, id, id, row.version(), new LeadCreated()
                .leadId(id)
                .source(data.source())
                .campaignId(data.campaignId())
                .company(data.company())
                .country(data.country())
                .industry(data.industry())
                .status(row.status())
                .score(row.score())
                .ownerId(row.ownerId())
                .createdAt(row.createdAt()));
        return row;
    }

    @Transactional(readOnly = true)
    public LeadRow get(UUID id) {
        return leads.find(TenantContext.require(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public LeadRow patch(UUID id, long expectedVersion, Map<String, Object> patch) {
        UUID tenant = TenantContext.require();
        LeadRow current = leads.lock(tenant, id).orElseThrow(() -> notFound(id));
        ETags.checkVersion(expectedVersion, current.version());
        if (current.converted() || current.anonymised()) {
            throw new BusinessRuleException("lead-read-only", "Lead is read-only",
                    "Lead " + id + (current.converted() ? " was converted" : " was anonymised")
                            + " and can no longer be changed.");
        }
        checkMembers(patch);

        ObjectNode document = json.valueToTree(LeadInputs.toRequest(current.data()));
        patch.forEach((member, value) -> {
            if (CREATE_MEMBERS.contains(member)) {
                if (value == null) {
                    document.remove(member);
                } else {
                    document.set(member, json.valueToTree(value));
                }
            }
        });
        LeadCreateRequest patched;
        try {
            patched = json.treeToValue(document, LeadCreateRequest.class);
        } catch (JacksonException e) {
            throw new InvalidRequestException(ProblemTypes.INVALID_VALUE, "Invalid value",
                    "A value has the wrong type or is not one of the allowed values",
                    List.of(new FieldErrorView(field(e), "has the wrong type or is not one of the allowed values")));
        }
        inputs.validate(patched);
        LeadData data = inputs.toData(patched);

        String status = current.status();
        String reason = current.disqualifiedReason();
        if (patch.containsKey("status")) {
            status = LeadStatusRules.parse(patch.get("status"));
            LeadStatusRules.checkTransition(current.status(), status);
            if (!"DISQUALIFIED".equals(status)) {
                reason = null;
            }
        }
        if (patch.containsKey("disqualifiedReason")) {
            reason = optionalText(patch.get("disqualifiedReason"), "disqualifiedReason", MAX_REASON);
            if (reason != null && !"DISQUALIFIED".equals(status)) {
                throw InvalidRequestException.of("disqualifiedReason", "is only allowed with status DISQUALIFIED");
            }
        }
        if ("DISQUALIFIED".equals(status) && reason == null) {
            throw InvalidRequestException.of("disqualifiedReason", "is required to disqualify a lead");
        }
        String owner = current.ownerId();
        String rule = current.assignmentRule();
        if (patch.containsKey("ownerId")) {
            owner = optionalText(patch.get("ownerId"), "ownerId", MAX_OWNER);
            rule = owner == null ? null : "manual";
        }

        LeadScorer.Score score = scorer.score(data.facts());
        return leads.update(tenant, id, data, status, reason, score.value(), responses.explanationJson(score), owner,
                rule, CurrentActor.id());
    }

    private static void checkMembers(Map<String, Object> patch) {
        List<FieldErrorView> readOnly = new ArrayList<>();
        List<FieldErrorView> unknown = new ArrayList<>();
        for (String member : patch.keySet()) {
            if (READ_ONLY.contains(member)) {
                readOnly.add(new FieldErrorView(member, "is read-only"));
            } else if (!CREATE_MEMBERS.contains(member) && !PATCHABLE_STATE.contains(member)) {
                unknown.add(new FieldErrorView(member, "is not a known field"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException(ProblemTypes.INVALID_VALUE, "Invalid value",
                    "The patch names members a lead does not have", unknown);
        }
        if (!readOnly.isEmpty()) {
            throw new InvalidRequestException("The patch changes fields that cannot be changed.", readOnly);
        }
    }

    private static String optionalText(Object value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidRequestException(ProblemTypes.INVALID_VALUE, "Invalid value",
                    "A value has the wrong type", List.of(new FieldErrorView(field, "must be a string")));
        }
        String stripped = text.strip();
        if (stripped.length() > maxLength) {
            throw InvalidRequestException.of(field, "size must be between 1 and " + maxLength);
        }
        return stripped.isEmpty() ? null : stripped;
    }

    private static String field(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("lead", id);
    }
}
