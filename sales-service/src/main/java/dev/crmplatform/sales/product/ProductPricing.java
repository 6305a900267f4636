package dev.crmplatform.sales.product;

import dev.crmplatform.contracts.sales.model.NonNegativeMoney;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Prices quote and order lines: resolves their products (which must exist and be active), defaults the unit price
 * to the list price and the description to the product name, validates quantities and percentages, and requires one
 * currency for all lines.
 */
@Component
public class ProductPricing {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final ProductRepository products;

    public ProductPricing(ProductRepository products) {
        this.products = products;
    }

    /** A requested line; {@code unitPrice} and {@code unitPriceCurrency} are null when the list price applies. */
    public record LineRequest(UUID productId, String description, BigDecimal quantity, BigDecimal unitPrice,
                              String unitPriceCurrency, BigDecimal discountPercent, BigDecimal taxRate) {

        /**
         * A requested line of a quote or an order (their generated line types have the same members), with its
         * unit price checked; {@code index} names the line in field errors.
         */
        public static LineRequest of(int index, UUID productId, String description, BigDecimal quantity,
                                     NonNegativeMoney unitPrice, BigDecimal discountPercent, BigDecimal taxRate) {
            String field = "lines[" + index + "]";
            BigDecimal price = unitPrice == null ? null : Amounts.amount(unitPrice, field + ".unitPrice");
            String currency = unitPrice == null ? null
                    : Amounts.currency(unitPrice.getCurrency(), field + ".unitPrice.currency");
            return new LineRequest(productId, description, quantity, price, currency, discountPercent, taxRate);
        }
    }

    public record PricedLine(UUID productId, String description, BigDecimal quantity, BigDecimal unitPrice,
                             String currency, BigDecimal discountPercent, BigDecimal taxRate) {
    }

    /**
     * @param productRequired true for quotes (every line names a product); false for orders, whose lines may be free
     *                        text with a unit price
     * @throws InvalidRequestException 400 for invalid quantities, percentages or missing members
     * @throws BusinessRuleException   422 for unknown or inactive products and mixed currencies
     */
    public List<PricedLine> price(UUID tenant, List<LineRequest> lines, boolean productRequired) {
        List<FieldErrorView> errors = new ArrayList<>();
        if (lines == null || lines.isEmpty()) {
            throw InvalidRequestException.of("lines", "must have at least one line");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            LineRequest line = lines.get(i);
            String field = "lines[" + i + "]";
            if (line == null) {
                errors.add(new FieldErrorView(field, "is required"));
                continue;
            }
            if (line.productId() != null) {
                ids.add(line.productId());
            } else if (productRequired) {
                errors.add(new FieldErrorView(field + ".productId", "is required"));
            } else if (line.unitPrice() == null || line.description() == null || line.description().isBlank()) {
                errors.add(new FieldErrorView(field, "needs a productId, or a description and a unitPrice"));
            }
            checkDecimal(errors, field + ".quantity", line.quantity(), true, null);
            checkDecimal(errors, field + ".discountPercent", line.discountPercent(), false, HUNDRED);
            checkDecimal(errors, field + ".taxRate", line.taxRate(), false, HUNDRED);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The lines have " + errors.size() + " invalid field(s)", errors);
        }
        Map<UUID, ProductView> found = products.findAll(tenant, ids);
        List<PricedLine> priced = new ArrayList<>();
        String currency = null;
        for (int i = 0; i < lines.size(); i++) {
            LineRequest line = lines.get(i);
            ProductView product = line.productId() == null ? null : found.get(line.productId());
            if (line.productId() != null && product == null) {
                throw new BusinessRuleException("lines[" + i + "]: product " + line.productId() + " does not exist");
            }
            if (product != null && !product.active()) {
                throw new BusinessRuleException("product-inactive", "Product is inactive",
                        "lines[" + i + "]: product " + product.sku() + " is inactive");
            }
            BigDecimal unitPrice = line.unitPrice() != null ? line.unitPrice() : product.listPrice();
            String lineCurrency = line.unitPrice() != null ? line.unitPriceCurrency() : product.currency();
            if (currency != null && !currency.equals(lineCurrency)) {
                throw new BusinessRuleException("currency-mismatch", "Currency mismatch",
                        "lines[" + i + "] is priced in " + lineCurrency + " but earlier lines in " + currency);
            }
            currency = lineCurrency;
            String description = line.description() != null && !line.description().isBlank()
                    ? line.description().strip() : product == null ? null : product.name();
            Amounts.requireStorable(line.quantity().multiply(unitPrice), "lines[" + i + "]");
            priced.add(new PricedLine(line.productId(), description, line.quantity(), unitPrice, lineCurrency,
                    zeroIfNull(line.discountPercent()), zeroIfNull(line.taxRate())));
        }
        return priced;
    }

    private static void checkDecimal(List<FieldErrorView> errors, String field, BigDecimal value, boolean required,
                                     BigDecimal max) {
        if (value == null) {
            if (required) {
                errors.add(new FieldErrorView(field, "is required"));
            }
            return;
        }
        if (required ? value.signum() <= 0 : value.signum() < 0) {
            errors.add(new FieldErrorView(field, required ? "must be greater than 0" : "must not be negative"));
        } else if (max != null && value.compareTo(max) > 0) {
            errors.add(new FieldErrorView(field, "must be at most " + max));
        } else if (value.stripTrailingZeros().scale() > 4 || value.precision() - value.scale() > 12) {
            errors.add(new FieldErrorView(field, "must have at most 12 digits and 4 decimals"));
        }
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
