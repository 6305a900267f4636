package dev.crmplatform.platform.web.paging;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.crmplatform.platform.web.problem.InvalidRequestException;

/**
 * A parsed {@code sort} parameter ({@code field,-other}): API field names mapped to SQL columns through an allow-list,
 * so user input never reaches SQL text.
 */
public record SortSpec(List<Field> fields) {

    static final int MAX_FIELDS = 5;

    /** One sort key. {@code column} is the trusted SQL expression from the allow-list. */
    public record Field(String name, String column, boolean descending) {
    }

    public SortSpec {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("A sort needs at least one field");
        }
        fields = List.copyOf(fields);
    }

    /**
     * @param sort                  the client's value, may be null/blank
     * @param allowedFieldToColumn  API field name → SQL column (trusted)
     * @param defaultSort           used when {@code sort} is blank; must itself be valid
     * @throws InvalidRequestException 400 {@code validation-failed} (field {@code sort}) for unknown, duplicate or
     *                                 empty entries
     */
    public static SortSpec parse(String sort, Map<String, String> allowedFieldToColumn, String defaultSort) {
        if (sort == null || sort.isBlank()) {
            if (defaultSort == null || defaultSort.isBlank()) {
                throw new IllegalArgumentException("defaultSort is required");
            }
            sort = defaultSort;
        }
        String[] parts = sort.split(",", -1);
        if (parts.length > MAX_FIELDS) {
            throw InvalidRequestException.of("sort", "must have at most " + MAX_FIELDS + " fields");
        }
        List<Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : parts) {
            String part = raw.strip();
            boolean descending = part.startsWith("-");
            if (descending || part.startsWith("+")) {
                part = part.substring(1).strip();
            }
            if (part.isEmpty()) {
                throw InvalidRequestException.of("sort", "has an empty field");
            }
            String column = allowedFieldToColumn.get(part);
            if (column == null) {
                String allowed = allowedFieldToColumn.keySet().stream().sorted().collect(Collectors.joining(", "));
                throw InvalidRequestException.of("sort",
                        "cannot sort by '" + truncate(part) + "'; allowed fields: [" + allowed + "]");
            }
            if (!seen.add(part)) {
                throw InvalidRequestException.of("sort", "names '" + part + "' twice");
            }
            fields.add(new Field(part, column, descending));
        }
        return new SortSpec(fields);
    }

    /** Canonical text ({@code name,-createdAt}); a cursor is only valid for the sort it was issued for. */
    public String signature() {
        return fields.stream().map(f -> (f.descending() ? "-" : "") + f.name()).collect(Collectors.joining(","));
    }

    private static String truncate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
