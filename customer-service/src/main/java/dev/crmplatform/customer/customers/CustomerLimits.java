package dev.crmplatform.customer.customers;

import dev.crmplatform.platform.web.problem.BusinessRuleException;
import java.util.ArrayList;
import java.util.List;

/**
 * How many emails, phones, addresses and tags a customer may hold: the {@code maxItems} of customer-v1.yaml. Creates
 * and patches are held to them by validation; tagging, merging and importing, which add to what is there, check here,
 * so that no write path stores a customer the API would then refuse to patch.
 */
public final class CustomerLimits {

    public static final int EMAILS = 20;
    public static final int PHONES = 20;
    public static final int ADDRESSES = 20;
    public static final int TAGS = 50;

    private CustomerLimits() {
    }

    /** 422 {@code too-many-items} when the customer would hold more than the limits allow. */
    public static void require(CustomerData customer, String whatWouldExceed) {
        List<String> exceeded = new ArrayList<>();
        check(exceeded, "emails", customer.emails().size(), EMAILS);
        check(exceeded, "phones", customer.phones().size(), PHONES);
        check(exceeded, "addresses", customer.addresses().size(), ADDRESSES);
        check(exceeded, "tags", customer.tags().size(), TAGS);
        if (!exceeded.isEmpty()) {
            throw tooMany(whatWouldExceed + " would give the customer " + String.join(", ", exceeded) + ".");
        }
    }

    public static BusinessRuleException tooMany(String detail) {
        return new BusinessRuleException("too-many-items", "Too many items", detail);
    }

    private static void check(List<String> exceeded, String field, int size, int limit) {
        if (size > limit) {
            exceeded.add(size + " " + field + " (at most " + limit + ")");
        }
    }
}
