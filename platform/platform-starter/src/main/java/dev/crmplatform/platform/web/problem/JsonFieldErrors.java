package dev.crmplatform.platform.web.problem;

import java.util.List;
import java.util.Optional;

import dev.crmplatform.platform.json.UnsupportedDateException;
import dev.crmplatform.platform.json.UnstorableStringException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * The field error for a JSON value that could not be bound: the JSON path of the member (never a Java class) and a
 * message in contract terms (never Jackson's, which names internal classes). Used for request bodies and for
 * documents a service binds itself, such as a merged patch.
 */
public final class JsonFieldErrors {

    private JsonFieldErrors() {
    }

    /** The field error, or empty when the failure is not about one member (e.g. the document is not JSON). */
    public static Optional<FieldErrorView> of(JacksonException ex) {
        return Optional.ofNullable(switch (ex) {
            case UnstorableStringException e -> new FieldErrorView(CrmProblemHandler.jsonPath(e),
                    e.getOriginalMessage());
            case UnsupportedDateException e -> new FieldErrorView(CrmProblemHandler.jsonPath(e),
                    e.getOriginalMessage());
            case InvalidFormatException e -> new FieldErrorView(CrmProblemHandler.jsonPath(e),
                    CrmProblemHandler.expectation(e.getTargetType()));
            case UnrecognizedPropertyException e -> new FieldErrorView(CrmProblemHandler.jsonPath(e),
                    "is not a known field");
            // Generated enums reject unknown values from their @JsonCreator: name the allowed values. Other
            // messages come from our own constructors/factories; keep them out of the response all the same.
            case ValueInstantiationException e -> {
                Class<?> type = e.getType() == null ? null : e.getType().getRawClass();
                yield new FieldErrorView(CrmProblemHandler.jsonPath(e),
                        type != null && type.isEnum() ? CrmProblemHandler.expectation(type) : "is invalid");
            }
            case MismatchedInputException e when !e.getPath().isEmpty() -> new FieldErrorView(
                    CrmProblemHandler.jsonPath(e), CrmProblemHandler.expectation(e.getTargetType()));
            default -> null;
        });
    }

    /**
     * The 400 for a value that could not be bound: {@code invalid-value}, but {@code validation-failed} for a date
     * outside the supported years (it is well-formed, and code that checks such a date reports the same). Empty
     * when the failure is not about one member.
     */
    public static Optional<InvalidRequestException> problem(JacksonException ex) {
        return of(ex).map(error -> ex instanceof UnsupportedDateException
                ? new InvalidRequestException("Request validation failed", List.of(error))
                : InvalidRequestException.invalidValue(List.of(error)));
    }

    /** {@link #problem(JacksonException)}, or 400 {@code invalid-value} naming the whole body when no member is. */
    public static InvalidRequestException invalidValue(JacksonException ex) {
        return problem(ex).orElseGet(() -> InvalidRequestException.invalidValue(List.of(new FieldErrorView("body",
                "could not be read as the expected JSON document"))));
    }
}
