package dev.crmplatform.sales.quote;

import dev.crmplatform.contracts.sales.api.QuotesApi;
import dev.crmplatform.contracts.sales.model.Order;
import dev.crmplatform.contracts.sales.model.Quote;
import dev.crmplatform.contracts.sales.model.QuoteAcceptRequest;
import dev.crmplatform.contracts.sales.model.QuoteCreateRequest;
import dev.crmplatform.contracts.sales.model.QuoteLine;
import dev.crmplatform.contracts.sales.model.QuoteLineRequest;
import dev.crmplatform.contracts.sales.model.QuotePage;
import dev.crmplatform.contracts.sales.model.QuoteStatus;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.sales.order.OrderService;
import dev.crmplatform.sales.order.OrdersController;
import dev.crmplatform.sales.product.Amounts;
import dev.crmplatform.sales.product.ProductPricing;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class QuotesController implements QuotesApi {

    private final QuoteService service;

    public QuotesController(QuoteService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<Quote> createQuote(QuoteCreateRequest request, String idempotencyKey) {
        List<ProductPricing.LineRequest> lines = new ArrayList<>();
        List<QuoteLineRequest> requested = request.getLines() == null ? List.of() : request.getLines();
        for (int i = 0; i < requested.size(); i++) {
            QuoteLineRequest line = requested.get(i);
            if (line == null) {
                throw InvalidRequestException.of("lines[" + i + "]", "is required");
            }
            lines.add(ProductPricing.LineRequest.of(i, line.getProductId(), line.getDescription(), line.getQuantity(),
                    line.getUnitPrice(), line.getDiscountPercent(), line.getTaxRate()));
        }
        QuoteView quote = service.create(request.getOpportunityId(), request.getValidUntil(), lines);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/quotes/" + quote.id()))
                .eTag(ETags.of(quote.version()))
                .body(toApi(quote));
    }

    @Override
    public ResponseEntity<Quote> getQuote(UUID id) {
        QuoteView quote = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(quote.version())).body(toApi(quote));
    }

    @Override
    public ResponseEntity<QuotePage> listQuotes(Integer limit, String cursor, String sort, UUID opportunityId,
                                                QuoteStatus status) {
        var page = service.list(opportunityId, status == null ? null : status.getValue(), limit, cursor, sort);
        return ResponseEntity.ok(new QuotePage(page.items().stream().map(QuotesController::toApi).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public ResponseEntity<Order> acceptQuote(UUID id, String idempotencyKey, QuoteAcceptRequest request) {
        OrderService.CreditOverride override = request == null ? OrderService.CreditOverride.NONE
                : new OrderService.CreditOverride(Boolean.TRUE.equals(request.getOverrideCreditCheck()),
                        request.getOverrideReason());
        QuoteService.Acceptance acceptance = service.accept(id, override);
        return acceptance.created() ? OrdersController.created(acceptance.order())
                : OrdersController.ok(acceptance.order());
    }

    static Quote toApi(QuoteView q) {
        String c = q.currency();
        List<QuoteLine> lines = q.lines().stream().map(l -> {
            QuoteMath.LineAmounts a = l.amounts();
            return new QuoteLine(l.position(), l.productId(), Amounts.plain(l.quantity()),
                    Amounts.money(l.unitPrice(), c), Amounts.plain(l.discountPercent()), Amounts.plain(l.taxRate()),
                    Amounts.money(a.subtotal(), c), Amounts.money(a.discount(), c), Amounts.money(l.netAmount(), c),
                    Amounts.money(l.taxAmount(), c), Amounts.money(l.total(), c))
                    .description(l.description());
        }).toList();
        return new Quote(q.id(), q.opportunityId(), q.customerId(), q.quoteVersion(),
                QuoteStatus.fromValue(q.status()), c, lines, Amounts.money(q.subtotal(), c),
                Amounts.money(q.discountTotal(), c), Amounts.money(q.taxTotal(), c), Amounts.money(q.total(), c),
                q.validUntil(), q.expiredOn(QuoteService.today()), q.createdAt(), q.updatedAt(), q.createdBy(),
                q.version())
                .acceptedAt(q.acceptedAt())
                .orderId(q.orderId());
    }
}
