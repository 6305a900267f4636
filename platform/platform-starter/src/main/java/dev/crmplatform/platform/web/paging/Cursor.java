package dev.crmplatform.platform.web.paging;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.crmplatform.platform.web.Timestamps;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.ProblemTypes;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The position after the last row of a page: the row's sort key values (with the id last) plus the sort they belong
 * to. Clients see only an opaque base64url token. Values keep their type (UUID, timestamp, number, ...) so they bind
 * to SQL parameters of the right type.
 *
 * <p>Not signed: a client can forge a cursor, but it only selects a position in rows the query may return anyway
 * (tenant filter and RLS still apply).
 */
public record Cursor(String sort, List<Object> values) {

    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final int MAX_TOKEN_LENGTH = 4096;

    public Cursor {
        values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** The opaque token. */
    public String encode() {
        List<List<Object>> typed = new ArrayList<>();
        for (Object value : values) {
            typed.add(tag(value));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("s", sort);
        json.put("k", typed);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsBytes(json));
    }

    /** Parses a token; a malformed one is a 400 {@code invalid-cursor}. */
    public static Cursor decode(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        try {
            JsonNode json = MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            JsonNode sort = json.get("s");
            JsonNode keys = json.get("k");
            if (sort == null || !sort.isString() || keys == null || !keys.isArray()) {
                throw invalid();
            }
            List<Object> values = new ArrayList<>();
            for (JsonNode key : keys) {
                if (!key.isArray() || key.size() != 2) {
                    throw invalid();
                }
                Object value = untag(key.get(0).asString(), key.get(1));
                // Our cursors only carry stored values; a forged date beyond them would overflow the query.
                if (Timestamps.problem(value) != null) {
                    throw invalid();
                }
                values.add(value);
            }
            return new Cursor(sort.asString(), values);
        }
        catch (InvalidRequestException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            throw invalid();
        }
    }

    static InvalidRequestException invalid() {
        return invalid("is not a cursor returned by this list");
    }

    static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(ProblemTypes.INVALID_CURSOR, "Invalid cursor",
                "The cursor " + message + "; restart from the first page",
                List.of(new FieldErrorView("cursor", message)));
    }

    private static List<Object> tag(Object value) {
        return switch (value) {
            case null -> java.util.Arrays.asList("n", null);
            case String s -> List.of("s", s);
            case UUID u -> List.of("u", u.toString());
            case Integer i -> List.of("l", i.longValue());
            case Long l -> List.of("l", l);
            case Short s -> List.of("l", s.longValue());
            case BigDecimal d -> List.of("d", d.toPlainString());
            case Double d -> List.of("f", d);
            case Float f -> List.of("f", f.doubleValue());
            case Boolean b -> List.of("b", b);
            case Instant i -> List.of("t", i.toString());
            case OffsetDateTime o -> List.of("t", o.toInstant().toString());
            case ZonedDateTime z -> List.of("t", z.toInstant().toString());
            case Timestamp t -> List.of("t", t.toInstant().toString());
            case LocalDate d -> List.of("ld", d.toString());
            case LocalDateTime d -> List.of("ldt", d.toString());
            case Enum<?> e -> List.of("s", e.name());
            default -> throw new IllegalArgumentException("Unsupported cursor value type " + value.getClass());
        };
    }

    private static Object untag(String tag, JsonNode value) {
        return switch (tag) {
            case "n" -> null;
            case "s" -> value.asString();
            case "u" -> UUID.fromString(value.asString());
            case "l" -> value.asLong();
            case "d" -> new BigDecimal(value.asString());
            case "f" -> value.asDouble();
            case "b" -> value.asBoolean();
            // Timestamps bind as timestamptz; PgJDBC understands OffsetDateTime, not Instant.
            case "t" -> OffsetDateTime.ofInstant(Instant.parse(value.asString()), ZoneOffset.UTC);
            case "ld" -> LocalDate.parse(value.asString());
            case "ldt" -> LocalDateTime.parse(value.asString());
            default -> throw invalid();
        };
    }
}
