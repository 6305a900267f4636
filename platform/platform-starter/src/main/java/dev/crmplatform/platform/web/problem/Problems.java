package dev.crmplatform.platform.web.problem;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds platform problem details and writes them from places outside Spring MVC (servlet filters, security entry
 * points), where no message converter is involved.
 */
public final class Problems {

    /** MDC key (and problem property) carrying the request id; set by the request id filter. */
    public static final String REQUEST_ID = "requestId";

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private Problems() {
    }

    /** A problem with a stable type URI and the request path as {@code instance}. */
    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri(slug));
        problem.setTitle(title != null ? title : defaultTitle(status));
        if (path != null) {
            problem.setInstance(URI.create(path.isEmpty() ? "/" : safePath(path)));
        }
        return problem;
    }

    /** The problem for a {@link ProblemException}. */
    public static ProblemDetail of(ProblemException ex, String path) {
        ProblemDetail problem = of(ex.getStatus(), ex.getType(), ex.getTitle(), ex.getDetail(), path);
        ex.getProperties().forEach(problem::setProperty);
        return problem;
    }

    static String defaultTitle(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "Error";
    }

    /** The RFC 9457 JSON object for a problem, with extension members flattened into the top level. */
    public static Map<String, Object> toMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** Serialises a problem as {@code application/problem+json}. */
    public static byte[] toJson(ProblemDetail problem) {
        return MAPPER.writeValueAsBytes(toMap(problem));
    }

    /** Writes a problem response directly (for filters and security handlers). Nothing happens if committed. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        String requestId = MDC.get(REQUEST_ID);
        if (requestId != null && problem.getStatus() >= 500) {
            problem.setProperty(REQUEST_ID, requestId);
        }
        byte[] body = toJson(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    // Request paths arrive percent-encoded already, but a malformed one must not turn an error response into a 500.
    private static String safePath(String path) {
        try {
            return URI.create(path).getRawPath() != null ? path : "/";
        }
        catch (IllegalArgumentException ex) {
            return "/";
        }
    }
}
