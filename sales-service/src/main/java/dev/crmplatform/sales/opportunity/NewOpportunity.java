package dev.crmplatform.sales.opportunity;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What creating an opportunity takes, whoever asks: the REST API, lead conversion or a contract renewal.
 *
 * @param amount            the deal value (not negative); null means "the sum of the lines" (then lines are needed)
 * @param currency          ISO 4217 code of the amount and of every line
 * @param stage             an open stage; null means {@link OpportunityStage#PROSPECTING}
 * @param ownerId           null means the acting user, or the customer's owner when the actor is the system
 * @param lines             optional line items (null or empty for none)
 * @param leadId            the lead this opportunity was converted from (unique: one opportunity per lead)
 * @param sourceContractId  the contract this opportunity renews
 */
public record NewOpportunity(UUID customerId, String name, BigDecimal amount, String currency,
                             LocalDate expectedCloseDate, OpportunityStage stage, String ownerId, List<Line> lines,
                             UUID leadId, UUID sourceContractId) {

    public NewOpportunity {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** An opportunity without lines, lead or contract. */
    public NewOpportunity(UUID customerId, String name, BigDecimal amount, String currency,
                          LocalDate expectedCloseDate, OpportunityStage stage, String ownerId) {
        this(customerId, name, amount, currency, expectedCloseDate, stage, ownerId, List.of(), null, null);
    }

    /** A copy converted from a lead. */
    public NewOpportunity fromLead(UUID lead) {
        return new NewOpportunity(customerId, name, amount, currency, expectedCloseDate, stage, ownerId, lines, lead,
                sourceContractId);
    }

    /** A copy renewing a contract. */
    public NewOpportunity renewing(UUID contract) {
        return new NewOpportunity(customerId, name, amount, currency, expectedCloseDate, stage, ownerId, lines, leadId,
                contract);
    }

    /**
     * A line item, in the opportunity's currency.
     *
     * @param productId   optional catalogue product (must exist in the tenant)
     * @param description optional free text
     * @param quantity    greater than zero
     * @param unitPrice   not negative
     */
    public record Line(UUID productId, String description, BigDecimal quantity, BigDecimal unitPrice) {
    }
}
