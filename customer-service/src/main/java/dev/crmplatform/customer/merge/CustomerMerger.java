package dev.crmplatform.customer.merge;

import dev.crmplatform.contracts.customer.model.Address;
import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.contracts.customer.model.Email;
import dev.crmplatform.contracts.customer.model.Phone;
import dev.crmplatform.customer.customers.CustomerData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The survivor's state after absorbing a duplicate, as a pure function of both current states:
 * <ul>
 *   <li>scalar fields: the survivor's, blanks filled from the duplicate;</li>
 *   <li>emails, phones: the survivor's first (its primary stays the only primary), then the duplicate's new ones,
 *       never primary;</li>
 *   <li>addresses: the survivor's, then the duplicate's that are not the same place (compared ignoring case,
 *       spaces and punctuation, and the address type);</li>
 *   <li>tags: union; customFields: the duplicate's overlaid by the survivor's.</li>
 * </ul>
 * Both inputs were validated and normalised when written, so the result needs no further validation.
 */
public final class CustomerMerger {

    /** The same bound as CustomFields.MAX_FIELDS: the survivor's own fields always stay, the duplicate's fill up. */
    static final int MAX_CUSTOM_FIELDS = 50;

    private CustomerMerger() {
    }

    public static CustomerData merge(Customer survivor, Customer duplicate) {
        return new CustomerData(
                survivor.getType().getValue(),
                firstNonBlank(survivor.getFirstName(), duplicate.getFirstName()),
                firstNonBlank(survivor.getLastName(), duplicate.getLastName()),
                firstNonBlank(survivor.getOrganizationName(), duplicate.getOrganizationName()),
                emails(survivor.getEmails(), duplicate.getEmails()),
                phones(survivor.getPhones(), duplicate.getPhones()),
                addresses(survivor.getAddresses(), duplicate.getAddresses()),
                survivor.getLifecycleStage().getValue(),
                firstNonBlank(survivor.getOwnerId(), duplicate.getOwnerId()),
                Stream.concat(nonNull(survivor.getTags()).stream(), nonNull(duplicate.getTags()).stream()).toList(),
                creditLimit(survivor, duplicate),
                customFields(survivor.getCustomFields(), duplicate.getCustomFields()));
    }

    private static List<CustomerData.Email> emails(List<Email> survivor, List<Email> duplicate) {
        List<CustomerData.Email> result = new ArrayList<>();
        for (Email e : nonNull(survivor)) {
            result.add(new CustomerData.Email(e.getAddress(), Boolean.TRUE.equals(e.getPrimary()),
                    e.getType() == null ? null : e.getType().getValue()));
        }
        boolean hasPrimary = result.stream().anyMatch(CustomerData.Email::primary);
        for (Email e : nonNull(duplicate)) {
            if (result.stream().noneMatch(r -> r.address().equals(e.getAddress()))) {
                // a survivor without any email adopts the duplicate's primary
                boolean primary = !hasPrimary && Boolean.TRUE.equals(e.getPrimary());
                hasPrimary |= primary;
                result.add(new CustomerData.Email(e.getAddress(), primary,
                        e.getType() == null ? null : e.getType().getValue()));
            }
        }
        return result;
    }

    private static List<CustomerData.Phone> phones(List<Phone> survivor, List<Phone> duplicate) {
        List<CustomerData.Phone> result = new ArrayList<>();
        for (Phone p : nonNull(survivor)) {
            result.add(new CustomerData.Phone(p.getNumber(), p.getType() == null ? null : p.getType().getValue(),
                    Boolean.TRUE.equals(p.getPrimary())));
        }
        boolean hasPrimary = result.stream().anyMatch(CustomerData.Phone::primary);
        for (Phone p : nonNull(duplicate)) {
            if (result.stream().noneMatch(r -> r.number().equals(p.getNumber()))) {
                boolean primary = !hasPrimary && Boolean.TRUE.equals(p.getPrimary());
                hasPrimary |= primary;
                result.add(new CustomerData.Phone(p.getNumber(), p.getType() == null ? null : p.getType().getValue(),
                        primary));
            }
        }
        return result;
    }

    private static List<CustomerData.Address> addresses(List<Address> survivor, List<Address> duplicate) {
        List<CustomerData.Address> result = new ArrayList<>();
        List<String> places = new ArrayList<>();
        for (Address a : Stream.concat(nonNull(survivor).stream(), nonNull(duplicate).stream()).toList()) {
            String place = place(a);
            if (!places.contains(place)) {
                places.add(place);
                result.add(new CustomerData.Address(a.getType() == null ? null : a.getType().getValue(),
                        a.getLine1(), a.getLine2(), a.getCity(), a.getRegion(), a.getPostalCode(), a.getCountry()));
            }
        }
        return result;
    }

    /** An address reduced to what makes it the same place. */
    static String place(Address a) {
        return Stream.of(a.getLine1(), a.getLine2(), a.getCity(), a.getPostalCode(), a.getCountry())
                .map(s -> s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", ""))
                .reduce((x, y) -> x + "|" + y)
                .orElse("");
    }

    private static CustomerData.Money creditLimit(Customer survivor, Customer duplicate) {
        var money = survivor.getCreditLimit() != null ? survivor.getCreditLimit() : duplicate.getCreditLimit();
        return money == null ? null : new CustomerData.Money(new BigDecimal(money.getAmount()), money.getCurrency());
    }

    private static Map<String, Object> customFields(Map<String, Object> survivor, Map<String, Object> duplicate) {
        Map<String, Object> result = new LinkedHashMap<>(nonNull(survivor));
        for (var entry : nonNull(duplicate).entrySet()) {
            if (!result.containsKey(entry.getKey()) && result.size() < MAX_CUSTOM_FIELDS) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return result;
    }

    private static String firstNonBlank(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred
                : fallback != null && !fallback.isBlank() ? fallback : null;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return Objects.requireNonNullElse(list, List.of());
    }

    private static <K, V> Map<K, V> nonNull(Map<K, V> map) {
        return Objects.requireNonNullElse(map, Map.of());
    }
}
