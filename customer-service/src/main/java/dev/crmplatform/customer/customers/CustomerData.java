package dev.crmplatform.customer.customers;

import dev.crmplatform.customer.contact.EmailAddresses;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The writable state of a customer after validation and normalisation: emails lower-cased, phones in E.164,
 * money at its currency's scale. Creates, patches, merges and imports all end in one of these.
 */
public record CustomerData(
        String type,
        String firstName,
        String lastName,
        String organizationName,
        List<Email> emails,
        List<Phone> phones,
        List<Address> addresses,
        String lifecycleStage,
        String ownerId,
        List<String> tags,
        Money creditLimit,
        Map<String, Object> customFields) {

    public record Email(String address, boolean primary, String type) {
    }

    public record Phone(String number, String type, boolean primary) {
    }

    public record Address(String type, String line1, String line2, String city, String region, String postalCode,
                          String country) {
    }

    public record Money(BigDecimal amount, String currency) {
    }

    public CustomerData {
        emails = List.copyOf(emails == null ? List.of() : emails);
        phones = List.copyOf(phones == null ? List.of() : phones);
        addresses = List.copyOf(addresses == null ? List.of() : addresses);
        tags = tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags));
        customFields = customFields == null ? Map.of() : customFields;
    }

    public String displayName() {
        if ("ORGANIZATION".equals(type)) {
            return organizationName;
        }
        return Stream.of(firstName, lastName).filter(s -> s != null && !s.isBlank())
                .collect(Collectors.joining(" "));
    }

    public List<String> emailKeys() {
        return emails.stream().map(Email::address).distinct().toList();
    }

    public List<String> phoneKeys() {
        return phones.stream().map(Phone::number).distinct().toList();
    }

    public List<String> emailDomains() {
        return emails.stream().map(e -> EmailAddresses.domainOf(e.address())).distinct().toList();
    }

    /** What free-text search matches: names, emails and phones (with and without the leading +). */
    public String searchText() {
        return Stream.of(Stream.of(displayName(), firstName, lastName, organizationName),
                        emails.stream().map(Email::address),
                        phones.stream().flatMap(p -> Stream.of(p.number(), p.number().substring(1))))
                .flatMap(s -> s)
                .filter(s -> s != null && !s.isBlank())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .distinct()
                .collect(Collectors.joining(" "));
    }
}
