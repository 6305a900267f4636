package dev.crmplatform.gateway.web;

import java.io.IOException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of every request: echoes a sane incoming {@code X-Request-Id} or generates one, and makes sure a
 * W3C {@code traceparent} exists. Both are put in request attributes (forwarded downstream by the routes), the
 * request id also in the response and the log MDC.
 * <p>
 * A generated traceparent starts the trace, so its {@code sampled} flag is the trace's head sampling decision: set
 * with the platform's {@code management.tracing.sampling.probability} (Spring Boot's default, 0.1), which the
 * services' parent-based samplers follow. Marking every generated trace sampled made every service record a span
 * for every request. A client's own valid traceparent, flags included, is kept: that client has decided.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String TRACEPARENT = "traceparent";
    public static final String REQUEST_ID_ATTR = RequestIdFilter.class.getName() + ".requestId";
    public static final String TRACEPARENT_ATTR = RequestIdFilter.class.getName() + ".traceparent";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT_FORMAT =
            Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private final double samplingProbability;

    public RequestIdFilter(@Value("${management.tracing.sampling.probability:0.1}") double samplingProbability) {
        if (samplingProbability < 0 || samplingProbability > 1) {
            throw new IllegalArgumentException(
                    "management.tracing.sampling.probability must be between 0 and 1, not " + samplingProbability);
        }
        this.samplingProbability = samplingProbability;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader(REQUEST_ID);
        if (requestId == null || !SAFE_ID.matcher(requestId).matches()) {
            requestId = newRequestId();
        }
        String traceparent = request.getHeader(TRACEPARENT);
        if (traceparent == null || !TRACEPARENT_FORMAT.matcher(traceparent).matches()) {
            traceparent = newTraceparent(ThreadLocalRandom.current().nextDouble() < samplingProbability);
        }
        request.setAttribute(REQUEST_ID_ATTR, requestId);
        request.setAttribute(TRACEPARENT_ATTR, traceparent);
        response.setHeader(REQUEST_ID, requestId);
        MDC.put("requestId", requestId);
        MDC.put("traceId", traceparent.substring(3, 35));
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove("requestId");
            MDC.remove("traceId");
        }
    }

    /**
     * A random (version 4) UUID. Request and trace ids correlate logs, they are not secrets: ThreadLocalRandom
     * instead of SecureRandom, which every request thread would otherwise queue on.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    static String newTraceparent(boolean sampled) {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        ThreadLocalRandom.current().nextBytes(trace);
        ThreadLocalRandom.current().nextBytes(span);
        trace[0] |= 1; // never all zeros
        span[0] |= 1;
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + (sampled ? "-01" : "-00");
    }
}
