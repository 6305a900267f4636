package dev.crmplatform.sales.order;

import dev.crmplatform.contracts.events.sales.OrderPlaced;
import dev.crmplatform.contracts.events.sales.PaymentReceived;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import dev.crmplatform.platform.web.problem.ProblemException;
import dev.crmplatform.platform.web.problem.ProblemTypes;
import dev.crmplatform.sales.events.SalesEvents;
import dev.crmplatform.sales.order.OrderView.LineView;
import dev.crmplatform.sales.product.Amounts;
import dev.crmplatform.sales.product.ProductPricing;
import dev.crmplatform.sales.quote.QuoteMath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders with the credit check, their fulfilment and cancellation, and payments.
 *
 * <p><b>Exposure</b> of a customer: the outstanding amount ({@code total − paid_total}) of its orders that are not
 * CANCELLED and not fully paid (FULFILLED but unpaid orders still count), in the credit limit's currency. An order
 * passes when exposure + its total ≤ the replica's credit limit. A customer without a credit limit has no limit. An
 * order in another currency than the limit is 422 {@code currency-mismatch} (the two cannot be compared).
 */
@Service
public class OrderService {

    public static final String CREDIT_LIMIT_EXCEEDED = "credit-limit-exceeded";
    public static final String APPROVE_SCOPE = "sales:approve";

    private static final Map<String, String> SORTABLE = Map.of("placedAt", "o.placed_at", "total", "o.total");
    private static final Map<String, String> PAYMENT_SORT = Map.of("receivedAt", "received_at");

    private final OrderRepository orders;
    private final ProductPricing pricing;
    private final SalesEvents events;

    public OrderService(OrderRepository orders, ProductPricing pricing, SalesEvents events) {
        this.orders = orders;
        this.pricing = pricing;
        this.events = events;
    }

    /** A request to override a failed credit check; {@code requested} false means no override. */
    public record CreditOverride(boolean requested, String reason) {

        public static final CreditOverride NONE = new CreditOverride(false, null);

        public CreditOverride {
            reason = reason == null || reason.isBlank() ? null : reason.strip();
            if (requested && reason == null) {
                throw InvalidRequestException.of("overrideReason", "is required with overrideCreditCheck");
            }
        }
    }

    /** Places an order from requested lines (priced from the catalogue where a unit price is missing). */
    @Transactional
    public OrderView place(UUID customerId, List<ProductPricing.LineRequest> lines, CreditOverride override) {
        if (customerId == null) {
            throw InvalidRequestException.of("customerId", "is required (or quoteId)");
        }
        UUID tenant = TenantContext.require();
        List<ProductPricing.PricedLine> priced = pricing.price(tenant, lines, false);
        List<LineView> views = new ArrayList<>();
        for (ProductPricing.PricedLine line : priced) {
            QuoteMath.LineAmounts amounts = QuoteMath.line(new QuoteMath.LineInput(line.quantity(), line.unitPrice(),
                    line.discountPercent(), line.taxRate()));
            views.add(new LineView(views.size() + 1, line.productId(), line.description(), line.quantity(),
                    line.unitPrice(), line.discountPercent(), line.taxRate(), amounts.total()));
        }
        return place(tenant, customerId, priced.getFirst().currency(), views, null, null, override);
    }

    /**
     * Places an order with lines priced already (from an accepted quote), in the caller's transaction.
     *
     * @param lines positions, prices and totals as the quote had them
     */
    @Transactional
    public OrderView placeFromQuote(UUID customerId, String currency, List<LineView> lines, UUID quoteId,
                                    UUID opportunityId, CreditOverride override) {
        return place(TenantContext.require(), customerId, currency, lines, quoteId, opportunityId, override);
    }

    private OrderView place(UUID tenant, UUID customerId, String currency, List<LineView> lines, UUID quoteId,
                            UUID opportunityId, CreditOverride override) {
        BigDecimal total = lines.stream().map(LineView::total).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        OrderRepository.CreditAccount account = orders.lockCreditAccount(tenant, customerId)
                .filter(OrderRepository.CreditAccount::active)
                .orElseThrow(() -> new BusinessRuleException("Customer " + customerId + " is not an active customer"));
        String actor = CurrentActor.id();
        String overrideBy = null;
        String overrideReason = null;
        if (account.creditLimit() != null) {
            if (!account.currency().equals(currency)) {
                throw new BusinessRuleException("currency-mismatch", "Currency mismatch", "The order is in " + currency
                        + " but the customer's credit limit is in " + account.currency());
            }
            BigDecimal exposure = orders.exposure(tenant, customerId, currency);
            if (exposure.add(total).compareTo(account.creditLimit()) > 0) {
                if (!override.requested()) {
                    throw new BusinessRuleException(CREDIT_LIMIT_EXCEEDED, "Credit limit exceeded",
                            "Open orders of " + Amounts.format(exposure) + " " + currency + " plus "
                                    + Amounts.format(total) + " " + currency + " exceed the credit limit of "
                                    + Amounts.format(account.creditLimit()) + " " + currency)
                            .with("limit", money(account.creditLimit(), currency))
                            .with("exposure", money(exposure, currency))
                            .with("requested", money(total, currency));
                }
                if (!CurrentActor.hasScope(APPROVE_SCOPE)) {
                    throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                            "Overriding the credit check needs the scope " + APPROVE_SCOPE);
                }
                overrideBy = actor;
                overrideReason = override.reason();
            }
        }
        UUID id = Ids.newId();
        orders.insert(tenant, new OrderRepository.Insert(id, customerId, quoteId, opportunityId, currency, total,
                overrideBy, overrideReason), lines, actor);
        OrderView order = orders.find(tenant, id).orElseThrow();
        events.publish(SalesEvents.ORDER_PLACED, customerId, id, order.version(),
                new OrderPlaced(id, customerId, Amounts.eventMoney(total, currency), overrideBy != null,
                        order.placedAt())
                        .quoteId(quoteId)
                        .opportunityId(opportunityId));
        return order;
    }

    @Transactional(readOnly = true)
    public OrderView get(UUID id) {
        return orders.find(TenantContext.require(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public Page<OrderView> list(UUID customerId, String status, Integer limit, String cursor, String sort) {
        PageQuery query = PageQuery.of(limit, cursor, sort, SORTABLE, "-placedAt");
        Keyset keyset = Keyset.of(query, "o.id");
        return keyset.page(orders.list(TenantContext.require(), new OrderRepository.Filter(customerId, status), keyset),
                (o, field) -> switch (field) {
                    case "placedAt" -> o.placedAt();
                    case "total" -> o.total();
                    default -> o.id();
                });
    }

    /** PLACED → FULFILLED; fulfilling a fulfilled order changes nothing. */
    @Transactional
    public OrderView fulfil(UUID id, Long expectedVersion) {
        return transition(id, expectedVersion, OrderView.FULFILLED);
    }

    /** PLACED without payments → CANCELLED; cancelling a cancelled order changes nothing. */
    @Transactional
    public OrderView cancel(UUID id, Long expectedVersion) {
        return transition(id, expectedVersion, OrderView.CANCELLED);
    }

    private OrderView transition(UUID id, Long expectedVersion, String target) {
        UUID tenant = TenantContext.require();
        OrderView order = orders.lock(tenant, id).orElseThrow(() -> notFound(id));
        if (expectedVersion != null) {
            ETags.checkVersion(expectedVersion, order.version());
        }
        if (order.status().equals(target)) {
            return order;
        }
        if (!OrderView.PLACED.equals(order.status())) {
            throw new BusinessRuleException("order-status", "Order status does not allow this",
                    "Order " + id + " is " + order.status() + "; only a PLACED order can become " + target);
        }
        if (OrderView.CANCELLED.equals(target) && order.paidTotal().signum() > 0) {
            throw new BusinessRuleException("order-status", "Order status does not allow this",
                    "Order " + id + " has payments and cannot be cancelled");
        }
        orders.changeStatus(tenant, id, target, CurrentActor.id());
        return orders.find(tenant, id).orElseThrow();
    }

    /**
     * Records a payment: in the order's currency, on an order that is not cancelled, at most the outstanding amount.
     * The order is locked, so concurrent payments cannot together overpay it.
     */
    @Transactional
    public PaymentView pay(UUID orderId, BigDecimal amount, String currency, String method, String reference) {
        if (amount.signum() <= 0) {
            throw InvalidRequestException.of("amount.amount", "must be greater than 0");
        }
        UUID tenant = TenantContext.require();
        OrderView order = orders.lock(tenant, orderId).orElseThrow(() -> notFound(orderId));
        if (OrderView.CANCELLED.equals(order.status())) {
            throw new BusinessRuleException("order-cancelled", "Order is cancelled",
                    "Order " + orderId + " is cancelled and takes no payments");
        }
        if (!order.currency().equals(currency)) {
            throw new BusinessRuleException("currency-mismatch", "Currency mismatch",
                    "The payment is in " + currency + " but the order is in " + order.currency());
        }
        BigDecimal outstanding = order.outstanding();
        if (amount.compareTo(outstanding) > 0) {
            throw new BusinessRuleException("overpayment", "Overpayment",
                    "The payment of " + Amounts.format(amount) + " " + currency + " exceeds the outstanding "
                            + Amounts.format(outstanding) + " " + currency)
                    .with("outstanding", money(outstanding, currency));
        }
        UUID id = Ids.newId();
        orders.insertPayment(tenant, id, orderId, amount, currency, blankToNull(method), blankToNull(reference),
                CurrentActor.id());
        OrderView paid = orders.find(tenant, orderId).orElseThrow();
        PaymentView payment = orders.findPayment(tenant, id).orElseThrow();
        events.publish(SalesEvents.PAYMENT_RECEIVED, paid.customerId(), paid.id(), paid.version(),
                new PaymentReceived(id, orderId, paid.customerId(), Amounts.eventMoney(amount, currency),
                        Amounts.eventMoney(paid.paidTotal(), currency), Amounts.eventMoney(paid.outstanding(), currency),
                        paid.fullyPaid(), payment.receivedAt()));
        return payment;
    }

    @Transactional(readOnly = true)
    public Page<PaymentView> payments(UUID orderId, Integer limit, String cursor) {
        UUID tenant = TenantContext.require();
        orders.find(tenant, orderId).orElseThrow(() -> notFound(orderId));
        PageQuery query = PageQuery.of(limit, cursor, null, PAYMENT_SORT, "receivedAt");
        Keyset keyset = Keyset.of(query, "id");
        return keyset.page(orders.payments(tenant, orderId, keyset),
                (p, field) -> "receivedAt".equals(field) ? p.receivedAt() : p.id());
    }

    private static Map<String, String> money(BigDecimal amount, String currency) {
        Map<String, String> money = new LinkedHashMap<>();
        money.put("amount", Amounts.format(Amounts.round(amount)));
        money.put("currency", currency);
        return money;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("order", id);
    }
}
