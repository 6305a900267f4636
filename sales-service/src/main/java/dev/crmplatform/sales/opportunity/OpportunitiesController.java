package dev.crmplatform.sales.opportunity;

import dev.crmplatform.contracts.sales.api.OpportunitiesApi;
import dev.crmplatform.contracts.sales.model.NonNegativeMoney;
import dev.crmplatform.contracts.sales.model.Opportunity;
import dev.crmplatform.contracts.sales.model.OpportunityCreateRequest;
import dev.crmplatform.contracts.sales.model.OpportunityLine;
import dev.crmplatform.contracts.sales.model.OpportunityLineRequest;
import dev.crmplatform.contracts.sales.model.OpportunityPage;
import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.contracts.sales.model.OpportunityStageChange;
import dev.crmplatform.contracts.sales.model.OpportunityStageChangeRequest;
import dev.crmplatform.contracts.sales.model.OpportunityStageHistory;
import dev.crmplatform.platform.web.Timestamps;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.sales.product.Amounts;
import dev.crmplatform.sales.product.ProductService;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
public class OpportunitiesController implements OpportunitiesApi {

    private static final Set<String> PATCHABLE = Set.of("name", "amount", "expectedCloseDate", "ownerId", "lines");

    private final OpportunityService service;
    private final JsonMapper json;

    public OpportunitiesController(OpportunityService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    @Override
    public ResponseEntity<Opportunity> createOpportunity(OpportunityCreateRequest request, String idempotencyKey) {
        BigDecimal amount = Amounts.amount(request.getAmount(), "amount");
        String currency = Amounts.currency(request.getAmount().getCurrency(), "amount.currency");
        OpportunityView created = service.create(new NewOpportunity(request.getCustomerId(), request.getName(), amount,
                currency, request.getExpectedCloseDate(), request.getStage(), blankToNull(request.getOwnerId()),
                lines(request.getLines(), currency), null, null));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/opportunities/" + created.id()))
                .eTag(ETags.of(created.version()))
                .body(toApi(created));
    }

    @Override
    public ResponseEntity<Opportunity> getOpportunity(UUID id) {
        return ok(service.get(id));
    }

    @Override
    public ResponseEntity<OpportunityPage> listOpportunities(Integer limit, String cursor, String sort,
                                                             OpportunityStage stage, String ownerId, UUID customerId,
                                                             LocalDate closeFrom, LocalDate closeTo) {
        var page = service.list(new OpportunityRepository.Filter(stage, blankToNull(ownerId), customerId, closeFrom,
                closeTo), limit, cursor, sort);
        return ResponseEntity.ok(new OpportunityPage(page.items().stream().map(OpportunitiesController::toApi).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public ResponseEntity<Opportunity> patchOpportunity(UUID id, JsonNode patch, String ifMatch) {
        long version = ETags.requireIfMatch(ifMatch);
        return ok(service.patch(id, version, parsePatch(patch)));
    }

    @Override
    public ResponseEntity<Opportunity> changeOpportunityStage(UUID id, OpportunityStageChangeRequest request,
                                                              String ifMatch) {
        Long version = ifMatch == null ? null : ETags.requireIfMatch(ifMatch);
        return ok(service.changeStage(id, request.getStage(), request.getLostReason(), version));
    }

    @Override
    public ResponseEntity<OpportunityStageHistory> getOpportunityStageHistory(UUID id) {
        return ResponseEntity.ok(new OpportunityStageHistory(service.history(id).stream()
                .map(h -> new OpportunityStageChange(h.toStage(), h.changedAt(), h.changedBy()).fromStage(h.fromStage()))
                .toList()));
    }

    private OpportunityService.Patch parsePatch(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        List<FieldErrorView> errors = new ArrayList<>();
        for (String member : patch.propertyNames()) {
            if ("stage".equals(member)) {
                errors.add(new FieldErrorView(member, "changes only through POST /api/v1/opportunities/{id}/stage"));
            } else if (!PATCHABLE.contains(member)) {
                errors.add(new FieldErrorView(member, "cannot be changed"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The patch changes fields that cannot be changed", errors);
        }
        String name = null;
        if (patch.has("name")) {
            if (!patch.get("name").isString()) {
                throw InvalidRequestException.of("name", "must be a string");
            }
            name = patch.get("name").asString();
        }
        BigDecimal amount = null;
        String currency = null;
        if (patch.has("amount")) {
            NonNegativeMoney money = ProductService.moneyOf(patch.get("amount"), "amount");
            amount = Amounts.amount(money, "amount");
            currency = Amounts.currency(money.getCurrency(), "amount.currency");
        }
        LocalDate closeDate = null;
        if (patch.has("expectedCloseDate")) {
            try {
                // Read from the patch tree, not a typed body: the platform's range check while reading is not applied.
                closeDate = Timestamps.requireSupported("expectedCloseDate",
                        LocalDate.parse(patch.get("expectedCloseDate").asString("")));
            } catch (DateTimeParseException e) {
                throw InvalidRequestException.of("expectedCloseDate", "must be a date such as 2026-12-15");
            }
        }
        String owner = null;
        if (patch.has("ownerId")) {
            JsonNode value = patch.get("ownerId");
            if (!value.isNull() && !value.isString()) {
                throw InvalidRequestException.of("ownerId", "must be a string or null");
            }
            owner = value.isNull() ? null : blankToNull(value.asString());
            if (owner != null && owner.length() > 200) {
                throw InvalidRequestException.of("ownerId", "must be at most 200 characters");
            }
        }
        List<NewOpportunity.Line> lines = null;
        String linesCurrency = null;
        if (patch.has("lines")) {
            JsonNode value = patch.get("lines");
            if (!value.isNull() && !value.isArray()) {
                throw InvalidRequestException.of("lines", "must be an array or null");
            }
            List<OpportunityLineRequest> requests = new ArrayList<>();
            if (value.isArray()) {
                if (value.size() > 200) {
                    throw InvalidRequestException.of("lines", "must have at most 200 lines");
                }
                for (int i = 0; i < value.size(); i++) {
                    try {
                        requests.add(json.treeToValue(value.get(i), OpportunityLineRequest.class));
                    } catch (JacksonException e) {
                        throw InvalidRequestException.of("lines[" + i + "]", "is not a valid line");
                    }
                }
            }
            lines = lines(requests, null);
            for (int i = 0; i < requests.size(); i++) {
                String lineCurrency = requests.get(i).getUnitPrice().getCurrency();
                if (linesCurrency != null && !linesCurrency.equals(lineCurrency)) {
                    throw OpportunityService.currencyMismatch("The lines are priced in more than one currency");
                }
                linesCurrency = lineCurrency;
            }
        }
        return new OpportunityService.Patch(name, amount, currency, closeDate, patch.has("ownerId"), owner, lines,
                linesCurrency);
    }

    /** Converts API lines; every unit price must be in {@code currency} (else 422 currency-mismatch). */
    static List<NewOpportunity.Line> lines(List<OpportunityLineRequest> requests, String currency) {
        List<NewOpportunity.Line> lines = new ArrayList<>();
        if (requests == null) {
            return lines;
        }
        for (int i = 0; i < requests.size(); i++) {
            OpportunityLineRequest line = requests.get(i);
            String field = "lines[" + i + "]";
            if (line == null) {
                throw InvalidRequestException.of(field, "is required");
            }
            if (line.getQuantity() == null) {
                throw InvalidRequestException.of(field + ".quantity", "is required");
            }
            BigDecimal price = Amounts.amount(line.getUnitPrice(), field + ".unitPrice");
            String lineCurrency = Amounts.currency(line.getUnitPrice().getCurrency(), field + ".unitPrice.currency");
            if (currency != null && !lineCurrency.equals(currency)) {
                throw OpportunityService.currencyMismatch(field + " is priced in " + lineCurrency
                        + " but the opportunity is in " + currency);
            }
            lines.add(new NewOpportunity.Line(line.getProductId(), blankToNull(line.getDescription()),
                    line.getQuantity(), price));
        }
        return lines;
    }

    private static ResponseEntity<Opportunity> ok(OpportunityView o) {
        return ResponseEntity.ok().eTag(ETags.of(o.version())).body(toApi(o));
    }

    static Opportunity toApi(OpportunityView o) {
        List<OpportunityLine> lines = o.lines().stream()
                .map(l -> new OpportunityLine(l.id(), l.position(), Amounts.plain(l.quantity()),
                        Amounts.money(l.unitPrice(), l.currency()),
                        Amounts.money(Amounts.round(l.quantity().multiply(l.unitPrice())), l.currency()))
                        .productId(l.productId())
                        .description(l.description()))
                .toList();
        return new Opportunity(o.id(), o.customerId(), o.name(), Amounts.money(o.amount(), o.currency()),
                o.expectedCloseDate(), o.stage(), o.probability(), lines, o.createdAt(), o.updatedAt(), o.createdBy(),
                o.updatedBy(), o.version())
                .ownerId(o.ownerId())
                .lostReason(o.lostReason())
                .closedAt(o.closedAt())
                .leadId(o.leadId())
                .sourceContractId(o.sourceContractId());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
