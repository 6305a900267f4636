package dev.crmplatform.platform.web.problem;

import java.net.URI;

import org.springframework.http.HttpStatusCode;

/**
 * The stable problem type slugs. Frontends switch on {@code type}, so these never change once published;
 * add new ones instead. The full type URI is {@code https://crmplatform.dev/problems/<slug>}.
 */
public final class ProblemTypes {

    public static final String BASE = "https://crmplatform.dev/problems/";

    public static final String VALIDATION_FAILED = "validation-failed";
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String INVALID_VALUE = "invalid-value";
    public static final String MISSING_PARAMETER = "missing-parameter";
    public static final String BAD_REQUEST = "bad-request";
    public static final String INVALID_CURSOR = "invalid-cursor";
    public static final String INVALID_IF_MATCH = "invalid-if-match";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String CONFLICT = "conflict";
    public static final String CONCURRENT_MODIFICATION = "concurrent-modification";
    public static final String DUPLICATE = "duplicate";
    public static final String IDEMPOTENCY_KEY_IN_FLIGHT = "idempotency-key-in-flight";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    public static final String PRECONDITION_FAILED = "precondition-failed";
    public static final String PRECONDITION_REQUIRED = "precondition-required";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String BUSINESS_RULE_VIOLATED = "business-rule-violated";
    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    public static final String INTERNAL_ERROR = "internal-error";
    public static final String SERVICE_UNAVAILABLE = "service-unavailable";

    private ProblemTypes() {
    }

    /** The type URI for a slug. */
    public static URI uri(String slug) {
        return URI.create(BASE + slug);
    }

    /** The generic slug used for a bare status when nothing more specific is known. */
    public static String forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> BUSINESS_RULE_VIOLATED;
            case 428 -> PRECONDITION_REQUIRED;
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status.is5xxServerError() ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}
