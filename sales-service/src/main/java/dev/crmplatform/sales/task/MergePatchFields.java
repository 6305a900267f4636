package dev.crmplatform.sales.task;

import dev.crmplatform.platform.web.Timestamps;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the members of an RFC 7396 merge patch (absent: unchanged; {@code null}: cleared, where allowed) and
 * collects every invalid member, so one 400 {@code validation-failed} lists them all ({@link #validate()}).
 */
public final class MergePatchFields {

    private static final Pattern AMOUNT = Pattern.compile("^\\d{1,15}(\\.\\d{1,4})?$");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    private final JsonNode patch;
    private final List<FieldErrorView> errors = new ArrayList<>();

    /** @param allowed the members the patch may carry; any other is a field error */
    public MergePatchFields(JsonNode patch, Set<String> allowed) {
        if (patch == null || !patch.isObject()) {
            throw InvalidRequestException.of("$", "must be a JSON object (merge patch)");
        }
        this.patch = patch;
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (!allowed.contains(member.getKey())) {
                errors.add(new FieldErrorView(member.getKey(), "is not a member that can be changed"));
            }
        }
    }

    public boolean has(String name) {
        return patch.has(name);
    }

    public boolean isNull(String name) {
        return patch.has(name) && patch.get(name).isNull();
    }

    /** The text of a present member, trimmed; null for an explicit null when {@code nullable}, else a field error. */
    public String text(String name, int minLength, int maxLength, boolean nullable) {
        JsonNode value = patch.get(name);
        if (value == null || value.isNull()) {
            if (value != null && !nullable) {
                errors.add(new FieldErrorView(name, "must not be null"));
            }
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldErrorView(name, "must be a string"));
            return null;
        }
        String text = value.asString().strip();
        if (text.length() < minLength || text.length() > maxLength) {
            errors.add(new FieldErrorView(name, "size must be between " + minLength + " and " + maxLength));
            return null;
        }
        return text;
    }

    /** An ISO-8601 timestamp with offset, truncated to microseconds (PostgreSQL's precision). */
    public Instant dateTime(String name) {
        String text = required(name);
        if (text == null) {
            return null;
        }
        try {
            return supported(name, OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS));
        } catch (DateTimeParseException ex) {
            errors.add(new FieldErrorView(name, "must be an ISO-8601 timestamp, e.g. 2026-12-01T09:00:00Z"));
            return null;
        }
    }

    public LocalDate date(String name) {
        String text = required(name);
        if (text == null) {
            return null;
        }
        try {
            return supported(name, LocalDate.parse(text));
        } catch (DateTimeParseException ex) {
            errors.add(new FieldErrorView(name, "must be an ISO-8601 date, e.g. 2026-12-31"));
            return null;
        }
    }

    /**
     * The value, or null and a field error outside years 0001-9999: a patch is read from a tree, so the platform's
     * check of JSON dates while reading a body does not see it.
     */
    private <T> T supported(String name, T value) {
        String problem = Timestamps.problem(value);
        if (problem != null) {
            errors.add(new FieldErrorView(name, problem));
            return null;
        }
        return value;
    }

    public Boolean bool(String name) {
        JsonNode value = patch.get(name);
        if (value == null || !value.isBoolean()) {
            errors.add(new FieldErrorView(name, "must be true or false"));
            return null;
        }
        return value.asBoolean();
    }

    /** One of {@code allowed}. */
    public String oneOf(String name, Set<String> allowed) {
        String text = required(name);
        if (text != null && !allowed.contains(text)) {
            errors.add(new FieldErrorView(name, "must be one of " + allowed.stream().sorted().toList()));
            return null;
        }
        return text;
    }

    /** A non-negative money object {@code {"amount": "1.00", "currency": "EUR"}}. */
    public Amount money(String name) {
        JsonNode value = patch.get(name);
        if (value == null || !value.isObject()) {
            errors.add(new FieldErrorView(name, "must be an object with amount and currency"));
            return null;
        }
        JsonNode amount = value.get("amount");
        JsonNode currency = value.get("currency");
        boolean ok = true;
        if (amount == null || !amount.isString() || !AMOUNT.matcher(amount.asString()).matches()) {
            errors.add(new FieldErrorView(name + ".amount", "must match \"" + AMOUNT.pattern() + "\""));
            ok = false;
        }
        if (currency == null || !currency.isString() || !CURRENCY.matcher(currency.asString()).matches()) {
            errors.add(new FieldErrorView(name + ".currency", "must match \"" + CURRENCY.pattern() + "\""));
            ok = false;
        }
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            if (!member.getKey().equals("amount") && !member.getKey().equals("currency")) {
                errors.add(new FieldErrorView(name + "." + member.getKey(), "is not a member of money"));
                ok = false;
            }
        }
        return ok ? new Amount(new BigDecimal(amount.asString()), currency.asString()) : null;
    }

    /** Adds an error found by the caller (e.g. a cross-field rule). */
    public void reject(String field, String message) {
        errors.add(new FieldErrorView(field, message));
    }

    /** 400 {@code validation-failed} listing every invalid member, if any. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The patch has " + errors.size() + " invalid member"
                    + (errors.size() == 1 ? "" : "s") + ".", errors);
        }
    }

    private String required(String name) {
        JsonNode value = patch.get(name);
        if (value == null || !value.isString()) {
            errors.add(new FieldErrorView(name, value == null || value.isNull() ? "must not be null" : "must be a string"));
            return null;
        }
        return value.asString();
    }

    public record Amount(BigDecimal amount, String currency) {
    }
}
