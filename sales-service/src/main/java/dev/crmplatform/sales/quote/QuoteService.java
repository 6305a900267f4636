package dev.crmplatform.sales.quote;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.sales.opportunity.OpportunityService;
import dev.crmplatform.sales.opportunity.OpportunityView;
import dev.crmplatform.sales.order.OrderService;
import dev.crmplatform.sales.order.OrderView;
import dev.crmplatform.sales.product.ProductPricing;
import dev.crmplatform.sales.quote.QuoteView.LineView;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quotes: priced server-side with {@link QuoteMath}, versioned per opportunity (a new quote supersedes the open
 * ones), valid until a date (UTC), and accepted into an order that closes the opportunity as won.
 */
@Service
public class QuoteService {

    static final int DEFAULT_VALIDITY_DAYS = 30;
    private static final Map<String, String> SORTABLE = Map.of("createdAt", "q.created_at",
            "quoteVersion", "q.quote_number");

    private final QuoteRepository quotes;
    private final OpportunityService opportunities;
    private final OrderService orders;
    private final ProductPricing pricing;

    public QuoteService(QuoteRepository quotes, OpportunityService opportunities, OrderService orders,
                        ProductPricing pricing) {
        this.quotes = quotes;
        this.opportunities = opportunities;
        this.orders = orders;
        this.pricing = pricing;
    }

    @Transactional
    public QuoteView create(UUID opportunityId, LocalDate validUntil, List<ProductPricing.LineRequest> lines) {
        if (opportunityId == null) {
            throw InvalidRequestException.of("opportunityId", "is required");
        }
        LocalDate today = today();
        LocalDate until = validUntil != null ? validUntil : today.plusDays(DEFAULT_VALIDITY_DAYS);
        if (until.isBefore(today)) {
            throw InvalidRequestException.of("validUntil", "must not be in the past");
        }
        UUID tenant = TenantContext.require();
        List<ProductPricing.PricedLine> priced = pricing.price(tenant, lines, true);
        // The opportunity's row lock numbers its quotes one after the other.
        OpportunityView opportunity = opportunities.lock(opportunityId)
                .orElseThrow(() -> new BusinessRuleException("Opportunity " + opportunityId + " does not exist"));
        if (opportunity.closed()) {
            throw new BusinessRuleException(OpportunityService.OPPORTUNITY_CLOSED, "Opportunity is closed",
                    "Opportunity " + opportunityId + " is " + opportunity.stage().getValue()
                            + "; reopen it to quote it again");
        }
        List<LineView> views = new ArrayList<>();
        List<QuoteMath.LineAmounts> amounts = new ArrayList<>();
        for (ProductPricing.PricedLine line : priced) {
            if (!line.currency().equals(opportunity.currency())) {
                throw OpportunityService.currencyMismatch("lines[" + views.size() + "] is priced in "
                        + line.currency() + " but the opportunity is in " + opportunity.currency());
            }
            QuoteMath.LineAmounts a = QuoteMath.line(new QuoteMath.LineInput(line.quantity(), line.unitPrice(),
                    line.discountPercent(), line.taxRate()));
            amounts.add(a);
            views.add(new LineView(views.size() + 1, line.productId(), line.description(), line.quantity(),
                    line.unitPrice(), line.discountPercent(), line.taxRate(), a.net(), a.tax(), a.total()));
        }
        String actor = CurrentActor.id();
        quotes.supersedeOpen(tenant, opportunityId, actor);
        UUID id = Ids.newId();
        quotes.insert(tenant, new QuoteRepository.Insert(id, opportunityId, opportunity.customerId(),
                quotes.nextVersion(tenant, opportunityId), opportunity.currency(), QuoteMath.totals(amounts), until),
                views, actor);
        return quotes.find(tenant, id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public QuoteView get(UUID id) {
        return quotes.find(TenantContext.require(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public Page<QuoteView> list(UUID opportunityId, String status, Integer limit, String cursor, String sort) {
        PageQuery query = PageQuery.of(limit, cursor, sort, SORTABLE, "-createdAt");
        Keyset keyset = Keyset.of(query, "q.id");
        return keyset.page(quotes.list(TenantContext.require(), opportunityId, status, keyset),
                (q, field) -> switch (field) {
                    case "createdAt" -> q.createdAt();
                    case "quoteVersion" -> q.quoteVersion();
                    default -> q.id();
                });
    }

    /** The order of an accepted quote; {@code created} is false when the quote had been accepted before. */
    public record Acceptance(OrderView order, boolean created) {
    }

    /**
     * Accepts the quote: places the order (credit check included), marks the quote ACCEPTED and the opportunity
     * CLOSED_WON, in one transaction. Accepting an accepted quote returns its order. Locks the opportunity before the
     * quote, in the same order as quote creation, so the two cannot deadlock.
     */
    @Transactional
    public Acceptance accept(UUID id, OrderService.CreditOverride override) {
        UUID tenant = TenantContext.require();
        QuoteView unlocked = quotes.find(tenant, id).orElseThrow(() -> notFound(id));
        OpportunityView opportunity = opportunities.lock(unlocked.opportunityId()).orElseThrow(() -> notFound(id));
        QuoteView quote = quotes.lock(tenant, id).orElseThrow(() -> notFound(id));
        if (QuoteView.ACCEPTED.equals(quote.status())) {
            return new Acceptance(orders.get(quote.orderId()), false);
        }
        if (QuoteView.SUPERSEDED.equals(quote.status())) {
            throw new BusinessRuleException("quote-superseded", "Quote was superseded",
                    "Quote " + id + " (version " + quote.quoteVersion() + ") was superseded by a newer quote");
        }
        if (quote.expiredOn(today())) {
            throw new BusinessRuleException("quote-expired", "Quote has expired",
                    "Quote " + id + " was valid until " + quote.validUntil());
        }
        if (opportunity.stage() == OpportunityStage.CLOSED_LOST) {
            throw new BusinessRuleException(OpportunityService.OPPORTUNITY_CLOSED, "Opportunity is closed",
                    "Opportunity " + opportunity.id() + " is CLOSED_LOST; reopen it to accept its quote");
        }
        List<OrderView.LineView> lines = quote.lines().stream()
                .map(l -> new OrderView.LineView(l.position(), l.productId(), l.description(), l.quantity(),
                        l.unitPrice(), l.discountPercent(), l.taxRate(), l.total()))
                .toList();
        OrderView order = orders.placeFromQuote(quote.customerId(), quote.currency(), lines, quote.id(),
                quote.opportunityId(), override);
        quotes.markAccepted(tenant, id, order.id(), CurrentActor.id());
        opportunities.markWon(quote.opportunityId(), quote.id(), order.id());
        return new Acceptance(order, true);
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("quote", id);
    }
}
