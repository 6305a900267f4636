package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.sales.model.LeadStatus;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.ProblemTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lead status moves through a patch: NEW → CONTACTED → QUALIFIED, any open status → DISQUALIFIED, DISQUALIFIED → NEW
 * (reopen). CONVERTED is reached only through conversion. Staying in the same status is always allowed.
 */
final class LeadStatusRules {

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "NEW", Set.of("CONTACTED", "DISQUALIFIED"),
            "CONTACTED", Set.of("QUALIFIED", "DISQUALIFIED"),
            "QUALIFIED", Set.of("DISQUALIFIED"),
            "DISQUALIFIED", Set.of("NEW"),
            "CONVERTED", Set.of());

    private LeadStatusRules() {
    }

    static String parse(Object value) {
        if (value instanceof String text) {
            for (LeadStatus status : LeadStatus.values()) {
                if (status.getValue().equals(text)) {
                    return text;
                }
            }
        }
        throw new InvalidRequestException(ProblemTypes.INVALID_VALUE, "Invalid value",
                "A value has the wrong type or is not one of the allowed values",
                List.of(new FieldErrorView("status", "must be one of " + Arrays.toString(LeadStatus.values()))));
    }

    static void checkTransition(String from, String to) {
        if (from.equals(to)) {
            return;
        }
        if (!ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
            String detail = "CONVERTED".equals(to)
                    ? "A lead becomes CONVERTED only through POST /api/v1/leads/{id}/convert."
                    : "A lead cannot move from " + from + " to " + to + ".";
            throw new BusinessRuleException("lead-status-transition-not-allowed", "Status change not allowed", detail)
                    .with("from", from).with("to", to);
        }
    }
}
