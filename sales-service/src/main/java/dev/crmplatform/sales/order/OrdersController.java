package dev.crmplatform.sales.order;

import dev.crmplatform.contracts.sales.api.OrdersApi;
import dev.crmplatform.contracts.sales.model.Order;
import dev.crmplatform.contracts.sales.model.OrderCreateRequest;
import dev.crmplatform.contracts.sales.model.OrderLine;
import dev.crmplatform.contracts.sales.model.OrderLineRequest;
import dev.crmplatform.contracts.sales.model.OrderPage;
import dev.crmplatform.contracts.sales.model.OrderStatus;
import dev.crmplatform.contracts.sales.model.Payment;
import dev.crmplatform.contracts.sales.model.PaymentCreateRequest;
import dev.crmplatform.contracts.sales.model.PaymentPage;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.sales.product.Amounts;
import dev.crmplatform.sales.product.ProductPricing;
import dev.crmplatform.sales.quote.QuoteService;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrdersController implements OrdersApi {

    private final OrderService service;
    private final QuoteService quotes;

    public OrdersController(OrderService service, QuoteService quotes) {
        this.service = service;
        this.quotes = quotes;
    }

    @Override
    public ResponseEntity<Order> createOrder(OrderCreateRequest request, String idempotencyKey) {
        OrderService.CreditOverride override = new OrderService.CreditOverride(
                Boolean.TRUE.equals(request.getOverrideCreditCheck()), request.getOverrideReason());
        if (request.getQuoteId() != null) {
            if (request.getCustomerId() != null || (request.getLines() != null && !request.getLines().isEmpty())) {
                throw InvalidRequestException.of("quoteId", "an order from a quote takes no customerId or lines");
            }
            QuoteService.Acceptance acceptance = quotes.accept(request.getQuoteId(), override);
            return acceptance.created() ? created(acceptance.order()) : ok(acceptance.order());
        }
        List<ProductPricing.LineRequest> lines = new ArrayList<>();
        List<OrderLineRequest> requested = request.getLines() == null ? List.of() : request.getLines();
        for (int i = 0; i < requested.size(); i++) {
            OrderLineRequest line = requested.get(i);
            if (line == null) {
                throw InvalidRequestException.of("lines[" + i + "]", "is required");
            }
            lines.add(ProductPricing.LineRequest.of(i, line.getProductId(), line.getDescription(), line.getQuantity(),
                    line.getUnitPrice(), line.getDiscountPercent(), line.getTaxRate()));
        }
        return created(service.place(request.getCustomerId(), lines, override));
    }

    @Override
    public ResponseEntity<Order> getOrder(UUID id) {
        return ok(service.get(id));
    }

    @Override
    public ResponseEntity<OrderPage> listOrders(Integer limit, String cursor, String sort, UUID customerId,
                                                OrderStatus status) {
        var page = service.list(customerId, status == null ? null : status.getValue(), limit, cursor, sort);
        return ResponseEntity.ok(new OrderPage(page.items().stream().map(OrdersController::toApi).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public ResponseEntity<Order> fulfilOrder(UUID id, String ifMatch) {
        return ok(service.fulfil(id, ifMatch == null ? null : ETags.requireIfMatch(ifMatch)));
    }

    @Override
    public ResponseEntity<Order> cancelOrder(UUID id, String ifMatch) {
        return ok(service.cancel(id, ifMatch == null ? null : ETags.requireIfMatch(ifMatch)));
    }

    @Override
    public ResponseEntity<Payment> recordPayment(UUID id, PaymentCreateRequest request, String idempotencyKey) {
        BigDecimal amount = Amounts.amount(request.getAmount(), "amount");
        String currency = Amounts.currency(request.getAmount().getCurrency(), "amount.currency");
        PaymentView payment = service.pay(id, amount, currency, request.getMethod(), request.getReference());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/orders/" + id + "/payments/" + payment.id()))
                .body(toApi(payment));
    }

    @Override
    public ResponseEntity<PaymentPage> listPayments(UUID id, Integer limit, String cursor) {
        var page = service.payments(id, limit, cursor);
        return ResponseEntity.ok(new PaymentPage(page.items().stream().map(OrdersController::toApi).toList())
                .nextCursor(page.nextCursor()));
    }

    public static ResponseEntity<Order> created(OrderView order) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/orders/" + order.id()))
                .eTag(ETags.of(order.version()))
                .body(toApi(order));
    }

    public static ResponseEntity<Order> ok(OrderView order) {
        return ResponseEntity.ok().eTag(ETags.of(order.version())).body(toApi(order));
    }

    static Order toApi(OrderView o) {
        String c = o.currency();
        List<OrderLine> lines = o.lines().stream()
                .map(l -> new OrderLine(l.position(), Amounts.plain(l.quantity()), Amounts.money(l.unitPrice(), c),
                        Amounts.plain(l.discountPercent()), Amounts.plain(l.taxRate()), Amounts.money(l.total(), c))
                        .productId(l.productId())
                        .description(l.description()))
                .toList();
        return new Order(o.id(), o.customerId(), OrderStatus.fromValue(o.status()), c, lines,
                Amounts.money(o.total(), c), Amounts.money(o.paidTotal(), c), Amounts.money(o.outstanding(), c),
                o.fullyPaid(), o.placedAt(), o.createdAt(), o.updatedAt(), o.createdBy(), o.version())
                .quoteId(o.quoteId())
                .opportunityId(o.opportunityId())
                .creditOverrideBy(o.creditOverrideBy())
                .creditOverrideReason(o.creditOverrideReason());
    }

    static Payment toApi(PaymentView p) {
        return new Payment(p.id(), p.orderId(), Amounts.money(p.amount(), p.currency()), p.receivedAt(), p.createdBy())
                .method(p.method())
                .reference(p.reference());
    }
}
