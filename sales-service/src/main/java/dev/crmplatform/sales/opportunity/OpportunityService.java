package dev.crmplatform.sales.opportunity;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.sales.customer.CustomerReplica;
import dev.crmplatform.sales.pipeline.Pipeline;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opportunities: creation (also for lead conversion and contract renewals), stage changes with their history and
 * events, and the read-only rule for closed opportunities.
 */
@Service
public class OpportunityService {

    /** Problem type of a change to a closed opportunity (other than reopening it). */
    public static final String OPPORTUNITY_CLOSED = "opportunity-closed";

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int MAX_NAME = 200;

    private final OpportunityRepository opportunities;
    private final CustomerReplica customers;
    private final Pipeline pipeline;
    private final OpportunityEvents events;

    public OpportunityService(OpportunityRepository opportunities, CustomerReplica customers, Pipeline pipeline,
                              OpportunityEvents events) {
        this.opportunities = opportunities;
        this.customers = customers;
        this.pipeline = pipeline;
        this.events = events;
    }

    /**
     * Creates an opportunity with its first stage-history row and publishes {@code opportunity.stage-changed}
     * (without {@code fromStage}). Joins the caller's transaction, so lead conversion and contract renewals create it
     * atomically with their own changes. Needs a tenant in {@link TenantContext}; the actor is
     * {@link CurrentActor#id()} ({@code system} outside a request).
     *
     * @throws InvalidRequestException 400 for invalid values (blank name, negative amount, bad currency, ...)
     * @throws BusinessRuleException   422 when the customer is not an active customer in the replica, the stage is
     *                                 closed, or a line names an unknown product
     * @throws org.springframework.dao.DuplicateKeyException when the lead already has an opportunity
     */
    @Transactional
    public OpportunityView create(NewOpportunity request) {
        UUID tenant = TenantContext.require();
        String actor = CurrentActor.id();
        List<FieldErrorView> errors = new ArrayList<>();
        String name = request.name() == null ? null : request.name().strip();
        if (request.customerId() == null) {
            errors.add(new FieldErrorView("customerId", "is required"));
        }
        if (name == null || name.isEmpty()) {
            errors.add(new FieldErrorView("name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldErrorView("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (request.currency() == null || !CURRENCY.matcher(request.currency()).matches()) {
            errors.add(new FieldErrorView("amount.currency", "must be an ISO 4217 code such as EUR"));
        }
        if (request.expectedCloseDate() == null) {
            errors.add(new FieldErrorView("expectedCloseDate", "is required"));
        }
        validateLines(request.lines(), errors);
        BigDecimal amount = request.amount();
        if (amount == null) {
            if (request.lines().isEmpty()) {
                errors.add(new FieldErrorView("amount", "is required when there are no lines"));
            } else if (errors.isEmpty()) {
                amount = linesTotal(request.lines());
            }
        } else if (amount.signum() < 0) {
            errors.add(new FieldErrorView("amount.amount", "must not be negative"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The opportunity has " + errors.size() + " invalid field(s)", errors);
        }

        OpportunityStage stage = request.stage() == null ? OpportunityStage.PROSPECTING : request.stage();
        if (Pipeline.isClosed(stage)) {
            throw new BusinessRuleException("An opportunity is created in an open stage; close it with "
                    + "POST /api/v1/opportunities/{id}/stage");
        }
        var customer = customers.find(request.customerId())
                .filter(CustomerReplica.ReplicaCustomer::isActive)
                .orElseThrow(() -> unknownCustomer(request.customerId()));
        requireKnownProducts(tenant, request.lines());

        String owner = request.ownerId();
        if (owner == null || owner.isBlank()) {
            owner = CurrentActor.SYSTEM.equals(actor) ? customer.ownerId() : actor;
        }
        UUID id = Ids.newId();
        opportunities.insert(tenant, new OpportunityRepository.Insert(id, customer.id(), name, amount,
                request.currency(), request.expectedCloseDate(), stage, pipeline.probability(stage), owner,
                request.leadId(), request.sourceContractId()), actor);
        opportunities.replaceLines(tenant, id, request.currency(), request.lines());
        opportunities.insertStageChange(tenant, id, null, stage, actor);
        OpportunityView created = opportunities.find(tenant, id).orElseThrow();
        events.stageChanged(created, null);
        return created;
    }

    @Transactional(readOnly = true)
    public OpportunityView get(UUID id) {
        return opportunities.find(TenantContext.require(), id).orElseThrow(() -> notFound(id));
    }

    /** The opportunity converted from this lead, if any (lead conversion's idempotency). */
    @Transactional(readOnly = true)
    public Optional<OpportunityView> findByLead(UUID leadId) {
        return opportunities.findByLead(TenantContext.require(), leadId);
    }

    /** Locks the opportunity row for the caller's transaction (quotes number their versions under it). */
    @Transactional
    public Optional<OpportunityView> lock(UUID id) {
        return opportunities.lock(TenantContext.require(), id);
    }

    @Transactional(readOnly = true)
    public List<StageChange> history(UUID id) {
        UUID tenant = TenantContext.require();
        opportunities.find(tenant, id).orElseThrow(() -> notFound(id));
        return opportunities.history(tenant, id);
    }

    /**
     * Moves the opportunity to {@code stage}: records the history row and publishes stage-changed, plus won or lost
     * when it closes. CLOSED_LOST needs a lost reason. A closed opportunity may only be reopened (moved to an open
     * stage, which clears the lost reason and close time). Moving to the current stage changes nothing.
     *
     * @param expectedVersion the If-Match version, or null when none was sent
     */
    @Transactional
    public OpportunityView changeStage(UUID id, OpportunityStage stage, String lostReason, Long expectedVersion) {
        return changeStage(id, stage, lostReason, expectedVersion, null, null);
    }

    /**
     * Closes the opportunity as won because a quote was accepted and became an order (published in the won event).
     * An opportunity won already stays as it is.
     */
    @Transactional
    public OpportunityView markWon(UUID id, UUID quoteId, UUID orderId) {
        return changeStage(id, OpportunityStage.CLOSED_WON, null, null, quoteId, orderId);
    }

    private OpportunityView changeStage(UUID id, OpportunityStage stage, String lostReason, Long expectedVersion,
                                        UUID quoteId, UUID orderId) {
        if (stage == null) {
            throw InvalidRequestException.of("stage", "is required");
        }
        String reason = lostReason == null || lostReason.isBlank() ? null : lostReason.strip();
        if (stage == OpportunityStage.CLOSED_LOST && reason == null) {
            throw InvalidRequestException.of("lostReason", "is required when the stage is CLOSED_LOST");
        }
        if (stage != OpportunityStage.CLOSED_LOST && reason != null) {
            throw InvalidRequestException.of("lostReason", "is only allowed when the stage is CLOSED_LOST");
        }
        if (reason != null && reason.length() > MAX_NAME) {
            throw InvalidRequestException.of("lostReason", "must be at most " + MAX_NAME + " characters");
        }
        UUID tenant = TenantContext.require();
        OpportunityView current = opportunities.lock(tenant, id).orElseThrow(() -> notFound(id));
        if (expectedVersion != null) {
            ETags.checkVersion(expectedVersion, current.version());
        }
        if (current.stage() == stage) {
            return current;
        }
        if (current.closed() && Pipeline.isClosed(stage)) {
            throw closed(current, "reopen it (move it to an open stage) before closing it differently");
        }
        String actor = CurrentActor.id();
        boolean closing = Pipeline.isClosed(stage);
        opportunities.update(tenant, id, new OpportunityRepository.Update(current.name(), current.amount(),
                current.currency(), current.expectedCloseDate(), stage, pipeline.probability(stage), current.ownerId(),
                reason, closing, current.closed() && !closing), actor);
        opportunities.insertStageChange(tenant, id, current.stage(), stage, actor);
        OpportunityView changed = opportunities.find(tenant, id).orElseThrow();
        events.stageChanged(changed, current.stage());
        if (stage == OpportunityStage.CLOSED_WON) {
            events.won(changed, quoteId, orderId);
        } else if (stage == OpportunityStage.CLOSED_LOST) {
            events.lost(changed);
        }
        return changed;
    }

    private static final java.util.Map<String, String> SORTABLE = java.util.Map.of(
            "createdAt", "o.created_at",
            "updatedAt", "o.updated_at",
            "expectedCloseDate", "o.expected_close_date",
            "amount", "o.amount",
            "name", "lower(o.name)");
    private static final Set<String> PATCHABLE = Set.of("name", "amount", "expectedCloseDate", "ownerId", "lines");

    @Transactional(readOnly = true)
    public dev.crmplatform.platform.web.paging.Page<OpportunityView> list(OpportunityRepository.Filter filter,
                                                                          Integer limit, String cursor, String sort) {
        var query = dev.crmplatform.platform.web.paging.PageQuery.of(limit, cursor, sort, SORTABLE, "-createdAt");
        var keyset = dev.crmplatform.platform.web.paging.Keyset.of(query, "o.id");
        if (filter.closeFrom() != null && filter.closeTo() != null && filter.closeFrom().isAfter(filter.closeTo())) {
            throw InvalidRequestException.of("closeFrom", "must not be after closeTo");
        }
        List<OpportunityView> rows = opportunities.list(TenantContext.require(), filter, keyset);
        return keyset.page(rows, (o, field) -> switch (field) {
            case "createdAt" -> o.createdAt();
            case "updatedAt" -> o.updatedAt();
            case "expectedCloseDate" -> o.expectedCloseDate();
            case "amount" -> o.amount();
            case "name" -> o.name().toLowerCase(java.util.Locale.ROOT);
            default -> o.id();
        });
    }

    /** The new values of a merge patch, already parsed; null members are absent from the patch. */
    public record Patch(String name, BigDecimal amount, String currency, java.time.LocalDate expectedCloseDate,
                        boolean ownerPresent, String ownerId, List<NewOpportunity.Line> lines,
                        String linesCurrency) {
    }

    /**
     * Applies a merge patch (name, amount, expected close date, owner, lines). Closed opportunities are read-only
     * (422 {@value #OPPORTUNITY_CLOSED}); the stage changes only through {@link #changeStage}.
     */
    @Transactional
    public OpportunityView patch(UUID id, long expectedVersion, Patch patch) {
        UUID tenant = TenantContext.require();
        OpportunityView current = opportunities.lock(tenant, id).orElseThrow(() -> notFound(id));
        ETags.checkVersion(expectedVersion, current.version());
        if (current.closed()) {
            throw closed(current, "reopen it (POST /api/v1/opportunities/{id}/stage) to change it");
        }
        List<FieldErrorView> errors = new ArrayList<>();
        String name = current.name();
        if (patch.name() != null) {
            name = patch.name().strip();
            if (name.isEmpty() || name.length() > MAX_NAME) {
                errors.add(new FieldErrorView("name", "must be 1 to " + MAX_NAME + " characters"));
            }
        }
        if (patch.amount() != null && patch.amount().signum() < 0) {
            errors.add(new FieldErrorView("amount.amount", "must not be negative"));
        }
        if (patch.lines() != null) {
            validateLines(patch.lines(), errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The patch has " + errors.size() + " invalid field(s)", errors);
        }
        String currency = patch.currency() != null ? patch.currency() : current.currency();
        if (!currency.equals(current.currency()) && patch.lines() == null && !current.lines().isEmpty()) {
            throw currencyMismatch("The lines are in " + current.currency() + "; replace them to change the currency");
        }
        if (patch.linesCurrency() != null && !patch.linesCurrency().equals(currency)) {
            throw currencyMismatch("The lines are priced in " + patch.linesCurrency() + " but the opportunity is in "
                    + currency);
        }
        if (patch.lines() != null) {
            requireKnownProducts(tenant, patch.lines());
        }
        opportunities.update(tenant, id, new OpportunityRepository.Update(name,
                patch.amount() != null ? patch.amount() : current.amount(), currency,
                patch.expectedCloseDate() != null ? patch.expectedCloseDate() : current.expectedCloseDate(),
                current.stage(), current.probability(), patch.ownerPresent() ? patch.ownerId() : current.ownerId(),
                current.lostReason(), false, false), CurrentActor.id());
        if (patch.lines() != null) {
            opportunities.replaceLines(tenant, id, currency, patch.lines());
        }
        return opportunities.find(tenant, id).orElseThrow();
    }

    public static BusinessRuleException currencyMismatch(String detail) {
        return new BusinessRuleException("currency-mismatch", "Currency mismatch", detail);
    }

    static BusinessRuleException closed(OpportunityView o, String hint) {
        return new BusinessRuleException(OPPORTUNITY_CLOSED, "Opportunity is closed",
                "Opportunity " + o.id() + " is " + o.stage().getValue() + " and read-only; " + hint);
    }

    static BusinessRuleException unknownCustomer(UUID customerId) {
        return new BusinessRuleException("Customer " + customerId + " is not an active customer");
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("opportunity", id);
    }

    static void validateLines(List<NewOpportunity.Line> lines, List<FieldErrorView> errors) {
        for (int i = 0; i < lines.size(); i++) {
            NewOpportunity.Line line = lines.get(i);
            String field = "lines[" + i + "]";
            if (line == null) {
                errors.add(new FieldErrorView(field, "is required"));
                continue;
            }
            if (line.quantity() == null || line.quantity().signum() <= 0) {
                errors.add(new FieldErrorView(field + ".quantity", "must be greater than 0"));
            }
            if (line.unitPrice() == null || line.unitPrice().signum() < 0) {
                errors.add(new FieldErrorView(field + ".unitPrice.amount", "must not be negative"));
            }
            if (line.productId() == null && (line.description() == null || line.description().isBlank())) {
                errors.add(new FieldErrorView(field, "needs a productId or a description"));
            }
        }
    }

    /** Sum of quantity × unit price per line, each rounded HALF_EVEN to 2 decimals. */
    static BigDecimal linesTotal(List<NewOpportunity.Line> lines) {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (NewOpportunity.Line line : lines) {
            total = total.add(dev.crmplatform.sales.product.Amounts.round(line.quantity().multiply(line.unitPrice())));
        }
        return total;
    }

    void requireKnownProducts(UUID tenant, List<NewOpportunity.Line> lines) {
        Set<UUID> ids = new LinkedHashSet<>();
        lines.forEach(l -> {
            if (l.productId() != null) {
                ids.add(l.productId());
            }
        });
        ids.removeAll(opportunities.existingProducts(tenant, ids));
        if (!ids.isEmpty()) {
            throw new BusinessRuleException("Unknown product(s): " + ids);
        }
    }
}
