package dev.crmplatform.gateway.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** A failure that maps straight to a problem response; thrown by the admin API's services. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ProblemException(HttpStatus status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static ProblemException notFound(String resource, Object id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", Problems.NOT_FOUND_TITLE,
                resource + " " + id + " not found");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    /** 400 validation-failed for one field, in the shape of the bean validation failures ({@code errors}). */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
                field + " " + message).with("errors", List.of(Map.of("field", field, "message", message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public ProblemException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
