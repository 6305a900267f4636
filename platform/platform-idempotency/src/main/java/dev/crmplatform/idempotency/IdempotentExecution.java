package dev.crmplatform.idempotency;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The servlet half of Idempotency-Key handling that does not depend on who calls: run the handler for a claimed
 * key and store (or release) its outcome, and replay a stored outcome. Key validation, the scope, the fingerprint
 * and the problem responses stay with each filter, which differ there.
 */
public class IdempotentExecution {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(IdempotentExecution.class);

    private final IdempotencyStore store;
    private final Predicate<String> replayedHeader;
    private final BiPredicate<HttpServletRequest, byte[]> withholdBody;

    /**
     * @param replayedHeader which response headers (lower-case name) are stored and replayed; Content-Type always is
     * @param withholdBody   whether a response body is a one-time secret, stored only as "withheld"
     */
    public IdempotentExecution(IdempotencyStore store, Predicate<String> replayedHeader,
            BiPredicate<HttpServletRequest, byte[]> withholdBody) {
        this.store = store;
        this.replayedHeader = replayedHeader;
        this.withholdBody = withholdBody;
    }

    /** Runs the handler for a key this request has {@linkplain IdempotencyStore.Acquired acquired}. */
    public void process(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Map<String, ?> scope, String key) throws IOException, ServletException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(request, wrapper);
            if (request.isAsyncStarted()) {
                // The outcome is not known yet; storing a partial response would replay garbage.
                log.warn("Idempotency-Key ignored for async request {}", request.getRequestURI());
            }
            else if (wrapper.getStatus() < 500) {
                byte[] content = wrapper.getContentAsByteArray();
                boolean withhold = withholdBody.test(request, content);
                store.complete(scope, key, wrapper.getStatus(), headersOf(wrapper), withhold ? null : content,
                        withhold);
                stored = true;
            }
        }
        finally {
            if (!stored) {
                release(scope, key);
            }
            wrapper.copyBodyToResponse();
        }
    }

    /** Writes a stored outcome again, marked with {@value #REPLAYED_HEADER}. */
    public static void replay(IdempotencyStore.Completed completed, HttpServletResponse response)
            throws IOException {
        response.setStatus(completed.status());
        completed.headers().forEach((name, values) -> {
            for (String value : values) {
                response.addHeader(name, value);
            }
        });
        response.setHeader(REPLAYED_HEADER, "true");
        byte[] body = completed.body() != null ? completed.body() : new byte[0];
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private void release(Map<String, ?> scope, String key) {
        try {
            store.release(scope, key);
        }
        catch (RuntimeException ex) {
            // The key then expires via the in-flight timeout; do not mask the original outcome.
            log.warn("Could not release Idempotency-Key", ex);
        }
    }

    Map<String, List<String>> headersOf(HttpServletResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : response.getHeaderNames()) {
            if (replayedHeader.test(name.toLowerCase(Locale.ROOT)) && !headers.containsKey(name)) {
                headers.put(name, new ArrayList<>(response.getHeaders(name)));
            }
        }
        if (response.getContentType() != null) {
            headers.put("Content-Type", List.of(response.getContentType()));
        }
        return headers;
    }
}
