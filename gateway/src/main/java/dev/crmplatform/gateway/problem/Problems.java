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

    /** For gateway filter functions. */
    public static ServerResponse response(HttpStatus status, Map<String, Object> body) {
        return ServerResponse.status(status).contentType(PROBLEM_JSON).body(body);
    }

    public static ServerResponse response(HttpStatus status, String slug, String title, String detail,
            String instance) {
        return response(status, body(status, slug, title, detail, instance));
    }
}
