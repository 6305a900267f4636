package dev.crmplatform.idempotency;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a user of {@link IdempotencyStore} keeps its keys. Every such table has the columns {@code idem_key},
 * {@code request_hash}, {@code state}, {@code response_status}, {@code response_headers} (jsonb),
 * {@code response_body}, {@code created_at}, {@code completed_at}, {@code locked_until} and {@code expires_at}, and a
 * primary key of the scope columns plus {@code idem_key}.
 *
 * @param name           the table
 * @param scopeColumns   the columns that, with {@code idem_key}, identify a key (e.g. {@code tenant_id})
 * @param secretWithheld whether the table has a {@code secret_withheld} column, i.e. its users may complete a key
 *                       without storing the body (a one-time secret)
 */
public record KeyTable(String name, List<String> scopeColumns, boolean secretWithheld) {

    // The names are spliced into SQL, so only plain identifiers; they come from code, never from a request.
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public KeyTable {
        scopeColumns = List.copyOf(scopeColumns);
        if (scopeColumns.isEmpty()) {
            throw new IllegalArgumentException("A key table needs at least one scope column");
        }
        for (String identifier : Stream.concat(Stream.of(name), scopeColumns.stream()).toList()) {
            if (!IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("Not a plain SQL identifier: " + identifier);
            }
        }
    }
}
