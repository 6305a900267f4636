package dev.crmplatform.platform.web.problem;

import java.util.List;

import org.springframework.http.HttpStatus;

/** 400 {@code validation-failed} with per-field {@code errors}, for checks done in code rather than annotations. */
public class InvalidRequestException extends ProblemException {

    private final List<FieldErrorView> errors;

    public InvalidRequestException(String detail, List<FieldErrorView> errors) {
        this(ProblemTypes.VALIDATION_FAILED, "Validation failed", detail, errors);
    }

    /** For 400s that deserve their own stable type (e.g. {@code invalid-cursor}). */
    public InvalidRequestException(String type, String title, String detail, List<FieldErrorView> errors) {
        super(HttpStatus.BAD_REQUEST, type, title, detail);
        this.errors = List.copyOf(errors);
        with("errors", this.errors);
    }

    /** 400 {@code invalid-value}: values of the wrong type or not among the allowed ones. */
    public static InvalidRequestException invalidValue(List<FieldErrorView> errors) {
        return new InvalidRequestException(ProblemTypes.INVALID_VALUE, "Invalid value",
                "A value has the wrong type or is not one of the allowed values", errors);
    }

    /** Convenience for a single field error. */
    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException("Request validation failed", List.of(new FieldErrorView(field, message)));
    }

    public List<FieldErrorView> getErrors() {
        return errors;
    }
}
