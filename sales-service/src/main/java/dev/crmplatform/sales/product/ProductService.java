package dev.crmplatform.sales.product;

import dev.crmplatform.contracts.sales.model.NonNegativeMoney;
import dev.crmplatform.contracts.sales.model.ProductCreateRequest;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.NotFoundException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The product catalogue: SKU unique per tenant (the database's unique key answers 409 {@code duplicate}). */
@Service
public class ProductService {

    private static final Map<String, String> SORTABLE = Map.of(
            "sku", "p.sku",
            "name", "lower(p.name)",
            "createdAt", "p.created_at");
    private static final Set<String> PATCHABLE = Set.of("name", "description", "listPrice", "active");

    private final ProductRepository products;

    public ProductService(ProductRepository products) {
        this.products = products;
    }

    @Transactional
    public ProductView create(ProductCreateRequest request) {
        UUID tenant = TenantContext.require();
        BigDecimal price = Amounts.amount(request.getListPrice(), "listPrice");
        String currency = Amounts.currency(request.getListPrice().getCurrency(), "listPrice.currency");
        String name = requireText(request.getName(), "name");
        UUID id = Ids.newId();
        products.insert(tenant, id, request.getSku(), name, blankToNull(request.getDescription()), price, currency,
                !Boolean.FALSE.equals(request.getActive()), CurrentActor.id());
        return products.find(tenant, id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public ProductView get(UUID id) {
        return products.find(TenantContext.require(), id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public Page<ProductView> list(String q, Boolean active, Integer limit, String cursor, String sort) {
        PageQuery query = PageQuery.of(limit, cursor, sort, SORTABLE, "sku");
        Keyset keyset = Keyset.of(query, "p.id");
        String text = q == null || q.isBlank() ? null : q.strip();
        List<ProductView> rows = products.list(TenantContext.require(), text, active, keyset);
        return keyset.page(rows, (p, field) -> switch (field) {
            case "sku" -> p.sku();
            case "name" -> p.name().toLowerCase(java.util.Locale.ROOT);
            case "createdAt" -> p.createdAt();
            default -> p.id();
        });
    }

    /** RFC 7396 merge patch of name, description, listPrice and active. */
    @Transactional
    public ProductView patch(UUID id, long expectedVersion, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        List<FieldErrorView> errors = new ArrayList<>();
        for (String member : patch.propertyNames()) {
            if (!PATCHABLE.contains(member)) {
                errors.add(new FieldErrorView(member, "cannot be changed"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The patch changes fields that cannot be changed", errors);
        }
        UUID tenant = TenantContext.require();
        ProductView current = products.lock(tenant, id).orElseThrow(() -> notFound(id));
        ETags.checkVersion(expectedVersion, current.version());

        String name = current.name();
        if (patch.has("name")) {
            JsonNode value = patch.get("name");
            name = requireText(value.isString() ? value.asString() : null, "name");
            if (name.length() > 200) {
                throw InvalidRequestException.of("name", "must be at most 200 characters");
            }
        }
        String description = current.description();
        if (patch.has("description")) {
            JsonNode value = patch.get("description");
            if (!value.isNull() && !value.isString()) {
                throw InvalidRequestException.of("description", "must be a string or null");
            }
            description = value.isNull() ? null : blankToNull(value.asString());
            if (description != null && description.length() > 2000) {
                throw InvalidRequestException.of("description", "must be at most 2000 characters");
            }
        }
        BigDecimal price = current.listPrice();
        String currency = current.currency();
        if (patch.has("listPrice")) {
            NonNegativeMoney money = moneyOf(patch.get("listPrice"), "listPrice");
            price = Amounts.amount(money, "listPrice");
            currency = Amounts.currency(money.getCurrency(), "listPrice.currency");
        }
        boolean active = current.active();
        if (patch.has("active")) {
            JsonNode value = patch.get("active");
            if (!value.isBoolean()) {
                throw InvalidRequestException.of("active", "must be true or false");
            }
            active = value.asBoolean();
        }
        products.update(tenant, id, name, description, price, currency, active, CurrentActor.id());
        return products.find(tenant, id).orElseThrow();
    }

    /** Reads a money member of a merge patch: an object with string {@code amount} and {@code currency}. */
    public static NonNegativeMoney moneyOf(JsonNode value, String field) {
        if (value == null || !value.isObject() || !value.path("amount").isString()
                || !value.path("currency").isString()) {
            throw InvalidRequestException.of(field, "must be money such as {\"amount\": \"1200.00\", \"currency\": \"EUR\"}");
        }
        return new NonNegativeMoney(value.get("amount").asString(), value.get("currency").asString());
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.of(field, "is required");
        }
        return value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("product", id);
    }
}
