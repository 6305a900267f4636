package dev.crmplatform.gateway.problem;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * A request body that could not be read, as the services answer it: well-formed JSON with a value of the wrong type,
 * an unknown enum constant, an unparsable UUID or timestamp, or a number out of range is {@code invalid-value} naming
 * the field; only JSON that is not JSON (or no body) is {@code malformed-json}.
 */
final class JsonBodyProblems {

    private JsonBodyProblems() {
    }

    static Map<String, Object> of(HttpMessageNotReadableException e, String instance) {
        // A syntax error inside a field carries a path too, so the kind of exception decides, not the path alone:
        // databind failures, and a number token too large for its field (the JSON itself is fine).
        if (e.getCause() instanceof JacksonException j && !j.getPath().isEmpty()
                && (j instanceof DatabindException || j instanceof InputCoercionException)) {
            Map<String, Object> body = Problems.body(HttpStatus.BAD_REQUEST, "invalid-value", "Invalid value",
                    "A value has the wrong type or is not one of the allowed values", instance);
            body.put("errors", List.of(Map.of("field", field(j), "message", message(j))));
            return body;
        }
        return Problems.body(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON for this operation", instance);
    }

    /** {@code scopes[0]}, {@code rateLimitPerMinute}: the JSON path of the value. */
    private static String field(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getPropertyName());
            }
            else {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String message(JacksonException e) {
        Class<?> type = switch (e) {
            case InputCoercionException c -> c.getTargetType();
            case MismatchedInputException m -> m.getTargetType();
            case ValueInstantiationException v when v.getType() != null -> v.getType().getRawClass();
            default -> null;
        };
        if (type == null) {
            return "is invalid";
        }
        if (type.isEnum()) {
            // The allowed values are part of the contract; the generated enums print them.
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        return (e instanceof InputCoercionException ? "is out of range for " : "must be ") + kind(type);
    }

    private static String kind(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
