package dev.crmplatform.platform.web.paging;

import java.util.Map;
import java.util.Optional;

import dev.crmplatform.platform.web.problem.InvalidRequestException;

/**
 * A validated list request: page size, optional cursor, sort.
 *
 * @param limit  1..200
 * @param cursor the opaque cursor of the previous page, or null for the first page
 * @param sort   the parsed sort
 */
public record PageQuery(int limit, String cursor, SortSpec sort) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (cursor != null && cursor.isBlank()) {
            cursor = null;
        }
        if (cursor != null) {
            Cursor decoded = Cursor.decode(cursor);
            if (!decoded.sort().equals(sort.signature())) {
                throw Cursor.invalid("belongs to a different sort");
            }
        }
    }

    /**
     * Builds and validates a page query from raw request parameters: 400 for a limit outside 1..200, an unknown sort
     * field, or a cursor that is malformed or belongs to a different sort.
     */
    public static PageQuery of(Integer limit, String cursor, String sort, Map<String, String> allowedFieldToColumn,
            String defaultSort) {
        return new PageQuery(limit == null ? DEFAULT_LIMIT : limit, cursor,
                SortSpec.parse(sort, allowedFieldToColumn, defaultSort));
    }

    public Optional<Cursor> decodedCursor() {
        return cursor == null ? Optional.empty() : Optional.of(Cursor.decode(cursor));
    }
}
