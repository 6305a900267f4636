package dev.crmplatform.gateway.problem;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 bodies in the platform's format ({@code type https://crmplatform.dev/problems/<slug>}, title,
 * status, detail, instance, optional errors and extensions). The gateway does not use platform-starter, so this is
 * its own small copy of the format; the slugs match the starter's ProblemTypes.
 */
public final class Problems {

    public static final String BASE = "https://crmplatform.dev/problems/";
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    /** The title of {@code not-found}: the services' wording, so one type has one title platform-wide. */
    public static final String NOT_FOUND_TITLE = "Resource not found";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Problems() {
    }

    public static Map<String, Object> body(HttpStatus status, String slug, String title, String detail,
            String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", BASE + slug);
        body.put("title", title);
        body.put("status", status.value());
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        return body;
    }

    /**
     * The problem for a bare status, when nothing more specific is known (the container's or Spring Security's own
     * rejections): the slugs of the platform's vocabulary, and a detail that reveals nothing about the cause.
     */
    public static Map<String, Object> forStatus(HttpStatus status, String instance) {
        return switch (status) {
            case BAD_REQUEST -> body(status, "bad-request", "Bad request",
                    "The request is malformed, or its URL contains a character sequence the gateway does not accept",
                    instance);
            case UNAUTHORIZED -> body(status, "unauthorized", "Unauthorized", "Credentials are required", instance);
            case FORBIDDEN -> body(status, "forbidden", "Forbidden", "Access denied", instance);
            case NOT_FOUND -> body(status, "not-found", NOT_FOUND_TITLE, "No resource at this path", instance);
            case METHOD_NOT_ALLOWED -> body(status, "method-not-allowed", "Method not allowed",
                    "The method is not supported for this resource", instance);
            case CONTENT_TOO_LARGE -> body(status, "payload-too-large", "Payload too large",
                    "The request exceeds the size limit", instance);
            case SERVICE_UNAVAILABLE -> body(status, "service-unavailable", "Service unavailable",
                    "The service is temporarily unavailable", instance);
            case INTERNAL_SERVER_ERROR -> body(status, "internal-error", "Internal error",
                    "An unexpected error occurred", instance);
            // The status itself stays (a 501 for an unknown method, a 505); the slug is the generic one of its class.
            default -> body(status, status.is5xxServerError() ? "internal-error" : "bad-request",
                    status.getReasonPhrase(), status.getReasonPhrase(), instance);
        };
    }

    public static Map<String, Object> validation(String detail, String instance, List<Map<String, String>> errors) {
        Map<String, Object> body = body(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed", detail,
                instance);
        body.put("errors", errors);
        return body;
    }

    /** For servlet filters, which run outside Spring MVC's message conversion. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
            String title, String detail) throws IOException {
        write(response, body(status, slug, title, detail, request.getRequestURI()), status);
    }

    public static void write(HttpServletResponse response, Map<String, Object> body, HttpStatus status)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(PROBLEM_JSON.toString());
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /** For writers outside servlet responses (Tomcat's error report). */
    public static String json(Map<String, Object> body) {
        return MAPPER.writeValueAsString(body);
    }

    /** For gateway filter functions. */
    public static ServerResponse response(HttpStatus status, Map<String, Object> body) {
        return ServerResponse.status(status).contentType(PROBLEM_JSON).body(body);
    }

    public static ServerResponse response(HttpStatus status, String slug, String title, String detail,
            String instance) {
        return response(status, body(status, slug, title, detail, instance));
    }
}
