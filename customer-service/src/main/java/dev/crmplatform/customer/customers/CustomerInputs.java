package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.model.Address;
import dev.crmplatform.contracts.customer.model.CustomerCreateRequest;
import dev.crmplatform.contracts.customer.model.Email;
import dev.crmplatform.contracts.customer.model.NonNegativeMoney;
import dev.crmplatform.contracts.customer.model.Phone;
import dev.crmplatform.customer.contact.EmailAddresses;
import dev.crmplatform.customer.contact.PhoneNumbers;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns a create request (also the result of a merge patch, or a CSV row) into normalised {@link CustomerData},
 * collecting every problem as a field error so the client sees them all at once.
 */
@Component
public class CustomerInputs {

    private final PhoneNumbers phoneNumbers;

    public CustomerInputs(CustomerProperties properties) {
        this.phoneNumbers = new PhoneNumbers(properties.defaultPhoneRegion());
    }

    public PhoneNumbers phoneNumbers() {
        return phoneNumbers;
    }

    public CustomerData toData(CustomerCreateRequest request) {
        List<FieldErrorView> errors = new ArrayList<>();
        String type = request.getType() == null ? null : request.getType().getValue();
        if (type == null) {
            errors.add(new FieldErrorView("type", "is required (PERSON or ORGANIZATION)"));
        } else if ("PERSON".equals(type) && isBlank(request.getFirstName()) && isBlank(request.getLastName())) {
            errors.add(new FieldErrorView("firstName", "a person needs a firstName or a lastName"));
        } else if ("ORGANIZATION".equals(type) && isBlank(request.getOrganizationName())) {
            errors.add(new FieldErrorView("organizationName", "an organisation needs an organizationName"));
        }

        // Bean Validation lets null array elements through (the generated lists have no @NotNull on them).
        List.of(nulls("emails", request.getEmails()), nulls("phones", request.getPhones()),
                nulls("addresses", request.getAddresses()), nulls("tags", request.getTags())).forEach(errors::addAll);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The customer is not valid.", errors);
        }
        List<CustomerData.Email> emails = emails(request.getEmails(), errors);
        List<CustomerData.Phone> phones = phones(request.getPhones(), errors);
        List<CustomerData.Address> addresses = addresses(request.getAddresses());
        CustomerData.Money creditLimit = money("creditLimit", request.getCreditLimit(), errors);
        Map<String, Object> customFields = request.getCustomFields();
        CustomFields.violations(customFields).forEach((field, message) -> errors.add(new FieldErrorView(field, message)));

        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The customer is not valid.", errors);
        }
        String stage = request.getLifecycleStage() == null ? "LEAD" : request.getLifecycleStage().getValue();
        List<String> tags = request.getTags() == null ? List.of()
                : request.getTags().stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        return new CustomerData(type, trim(request.getFirstName()), trim(request.getLastName()),
                trim(request.getOrganizationName()), emails, phones, addresses, stage, trim(request.getOwnerId()),
                tags, creditLimit, customFields);
    }

    private static List<FieldErrorView> nulls(String field, List<?> items) {
        List<FieldErrorView> errors = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            if (items.get(i) == null) {
                errors.add(new FieldErrorView(field + "[" + i + "]", "must not be null"));
            }
        }
        return errors;
    }

    private List<CustomerData.Email> emails(List<Email> input, List<FieldErrorView> errors) {
        if (input == null || input.isEmpty()) {
            return List.of();
        }
        List<CustomerData.Email> result = new ArrayList<>();
        boolean anyPrimary = input.stream().anyMatch(e -> Boolean.TRUE.equals(e.getPrimary()));
        boolean primaryTaken = false;
        for (int i = 0; i < input.size(); i++) {
            Email email = input.get(i);
            var normalised = EmailAddresses.normalise(email.getAddress());
            if (normalised.isEmpty()) {
                errors.add(new FieldErrorView("emails[" + i + "].address", "is not a valid email address"));
                continue;
            }
            if (result.stream().anyMatch(e -> e.address().equals(normalised.get()))) {
                continue;
            }
            // exactly one primary: the first marked one, or the first one when none is marked
            boolean primary = !primaryTaken && (anyPrimary ? Boolean.TRUE.equals(email.getPrimary()) : true);
            primaryTaken |= primary;
            result.add(new CustomerData.Email(normalised.get(), primary,
                    email.getType() == null ? null : email.getType().getValue()));
        }
        return result;
    }

    private List<CustomerData.Phone> phones(List<Phone> input, List<FieldErrorView> errors) {
        if (input == null || input.isEmpty()) {
            return List.of();
        }
        List<CustomerData.Phone> result = new ArrayList<>();
        boolean anyPrimary = input.stream().anyMatch(p -> Boolean.TRUE.equals(p.getPrimary()));
        boolean primaryTaken = false;
        for (int i = 0; i < input.size(); i++) {
            Phone phone = input.get(i);
            var e164 = phoneNumbers.toE164(phone.getNumber());
            if (e164.isEmpty()) {
                errors.add(new FieldErrorView("phones[" + i + "].number", "is not a valid phone number"));
                continue;
            }
            if (result.stream().anyMatch(p -> p.number().equals(e164.get()))) {
                continue;
            }
            boolean primary = !primaryTaken && (anyPrimary ? Boolean.TRUE.equals(phone.getPrimary()) : true);
            primaryTaken |= primary;
            result.add(new CustomerData.Phone(e164.get(), phone.getType() == null ? null : phone.getType().getValue(),
                    primary));
        }
        return result;
    }

    private static List<CustomerData.Address> addresses(List<Address> input) {
        if (input == null) {
            return List.of();
        }
        return input.stream()
                .map(a -> new CustomerData.Address(a.getType() == null ? null : a.getType().getValue(),
                        trim(a.getLine1()), trim(a.getLine2()), trim(a.getCity()), trim(a.getRegion()),
                        trim(a.getPostalCode()), a.getCountry()))
                .toList();
    }

    /** Money at its currency's scale ("5000" EUR becomes 5000.00); more decimals than the currency has is an error. */
    static CustomerData.Money money(String field, NonNegativeMoney money, List<FieldErrorView> errors) {
        if (money == null) {
            return null;
        }
        Currency currency;
        try {
            currency = Currency.getInstance(money.getCurrency());
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(new FieldErrorView(field + ".currency", "is not an ISO 4217 currency code"));
            return null;
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(money.getAmount());
        } catch (NumberFormatException | NullPointerException e) {
            errors.add(new FieldErrorView(field + ".amount", "is not a decimal number"));
            return null;
        }
        if (amount.signum() < 0) {
            errors.add(new FieldErrorView(field + ".amount", "must not be negative"));
            return null;
        }
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        if (amount.stripTrailingZeros().scale() > digits) {
            errors.add(new FieldErrorView(field + ".amount", "has more decimals than " + currency + " allows (" + digits + ")"));
            return null;
        }
        return new CustomerData.Money(amount.setScale(digits), currency.getCurrencyCode());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
