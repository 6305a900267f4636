package dev.crmplatform.platform.web.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An error that maps 1:1 onto an RFC 9457 problem response. Throw it (or a subclass) from any layer; the platform's
 * exception handler renders it with type {@code https://crmplatform.dev/problems/<type>}.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final String detail;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    /**
     * @param status HTTP status
     * @param type   slug of the stable type URI, e.g. {@code credit-limit-exceeded}
     * @param title  short, human readable summary of the problem type (same for every occurrence)
     * @param detail explanation specific to this occurrence; shown to clients, so no internals
     */
    public ProblemException(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
    }

    /** Adds an extension member to the problem body (e.g. {@code existingIds}). */
    public ProblemException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public HttpStatus getStatus() {
        return status;
    }

    public String getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public String getDetail() {
        return detail;
    }

    public Map<String, Object> getProperties() {
        return Collections.unmodifiableMap(properties);
    }
}
