package dev.crmplatform.customer.customers;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Custom fields are a flat JSON object: each value is a scalar (string, number, boolean, null) or an array of scalars.
 * Nesting is refused so that segments and exports can filter on every field without a schema.
 */
public final class CustomFields {

    static final int MAX_FIELDS = 50;
    static final int MAX_STRING = 2000;
    static final int MAX_ARRAY = 100;
    private static final Pattern KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,63}$");

    private CustomFields() {
    }

    /** Problems by field path (e.g. {@code customFields.size}); empty when valid. */
    public static Map<String, String> violations(Map<String, ?> fields) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (fields == null) {
            return problems;
        }
        if (fields.size() > MAX_FIELDS) {
            problems.put("customFields", "at most " + MAX_FIELDS + " custom fields");
            return problems;
        }
        fields.forEach((key, value) -> {
            String path = "customFields." + key;
            if (!KEY.matcher(key).matches()) {
                problems.put(path, "names start with a letter and use letters, digits and _ (at most 64)");
            } else if (isNonFinite(value)
                    || value instanceof Collection<?> items && items.stream().anyMatch(CustomFields::isNonFinite)) {
                problems.put(path, "numbers must be finite (at most about 1.8e308)");
            } else if (value instanceof Collection<?> items) {
                if (items.size() > MAX_ARRAY) {
                    problems.put(path, "arrays hold at most " + MAX_ARRAY + " values");
                } else if (!items.stream().allMatch(CustomFields::isScalar)) {
                    problems.put(path, "arrays may hold only strings, numbers, booleans and nulls");
                }
            } else if (!isScalar(value)) {
                problems.put(path, "must be a string, number, boolean, null or an array of those");
            }
        });
        return problems;
    }

    // A JSON number beyond the double range is read as Infinity and would be stored as the string "Infinity".
    private static boolean isNonFinite(Object value) {
        return value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f);
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean
                || (value instanceof String s && s.length() <= MAX_STRING);
    }
}
