package dev.crmplatform.platform.web.idempotency;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.idempotency.IdempotencyStore;
import dev.crmplatform.idempotency.IdempotentExecution;
import dev.crmplatform.idempotency.KeyTable;
import dev.crmplatform.idempotency.ReplayedBodyRequest;
import dev.crmplatform.idempotency.RequestFingerprint;
import dev.crmplatform.platform.security.CurrentActor;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.PayloadTooLargeException;
import dev.crmplatform.platform.web.problem.ProblemException;
import dev.crmplatform.platform.web.problem.ProblemTypes;
import dev.crmplatform.platform.web.problem.Problems;

/**
 * Honours the {@code Idempotency-Key} header on POST: the first request with a key is processed and its response
 * (status, relevant headers, body) stored; a retry with the same key and the same request replays that response;
 * the same key with a different request gets 422 {@code idempotency-key-reused}; a retry while the first is still
 * running gets 409 {@code idempotency-key-in-flight}.
 *
 * <p>Keys are scoped by tenant. The request fingerprint covers method, path, query, actor, content type and body.
 * 5xx outcomes and exceptions are not stored (the key is released), so the client can retry them.
 *
 * <p>Runs after security and the tenant filter: unauthenticated requests never reach the store.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = IdempotentExecution.REPLAYED_HEADER;
    static final int MAX_KEY_LENGTH = 255;

    /** {@code platform_idempotency_key}: keys scoped by tenant alone (the actor is in the fingerprint). */
    public static final KeyTable TABLE = new KeyTable("platform_idempotency_key", List.of("tenant_id"), false);

    /** Headers that describe the transport or are re-added per response, never replayed. */
    private static final Set<String> NOT_STORED = Set.of("date", "content-length", "transfer-encoding",
            "connection", "keep-alive", "set-cookie", "x-request-id", "traceparent", "tracestate", "cache-control",
            "pragma", "expires", "x-content-type-options", "x-frame-options", "x-xss-protection",
            "strict-transport-security", "vary");

    // Stands in for "no tenant" so tenant-less callers still get deduplication, in their own key space.
    private static final UUID NO_TENANT = new UUID(0, 0);

    private final IdempotencyStore store;
    private final IdempotentExecution execution;
    private final long memoryThreshold;

    public IdempotencyFilter(IdempotencyStore store, long memoryThreshold) {
        this.store = store;
        // Platform responses never carry one-time secrets, so bodies are always stored.
        this.execution = new IdempotentExecution(store, name -> !NOT_STORED.contains(name), (request, body) -> false);
        this.memoryThreshold = memoryThreshold;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            Problems.write(response, Problems.of(InvalidRequestException.of(HEADER,
                    "must be 1 to " + MAX_KEY_LENGTH + " characters"), request.getRequestURI()));
            return;
        }
        Map<String, UUID> scope = Map.of("tenant_id", TenantContext.current().orElse(NO_TENANT));
        RequestFingerprint fingerprint = RequestFingerprint.start(request.getMethod(), request.getRequestURI(),
                request.getQueryString(), CurrentActor.id(), request.getContentType());

        SpooledBody body = null;
        HttpServletRequest forward = request;
        try {
            if (isMultipart(request)) {
                fingerprintParts(request, fingerprint);
            }
            else if (isForm(request)) {
                fingerprintParameters(request, fingerprint);
            }
            else {
                body = SpooledBody.read(request.getInputStream(), memoryThreshold, fingerprint);
                forward = new ReplayedBodyRequest(request, body::open);
            }
        }
        catch (IOException ex) {
            PayloadTooLargeException tooLarge = tooLarge(ex);
            if (tooLarge == null) {
                throw ex;
            }
            response.setHeader("Connection", "close");
            Problems.write(response, Problems.of(tooLarge, request.getRequestURI()));
            return;
        }

        try {
            IdempotencyStore.Claim claim = store.claim(scope, key, fingerprint.hex());
            switch (claim) {
                case IdempotencyStore.Mismatch m -> Problems.write(response, Problems.of(new ProblemException(
                        HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency key reused",
                        "This Idempotency-Key was already used for a different request"), request.getRequestURI()));
                case IdempotencyStore.InFlight f -> {
                    response.setHeader("Retry-After", "1");
                    Problems.write(response, Problems.of(new ProblemException(HttpStatus.CONFLICT,
                            ProblemTypes.IDEMPOTENCY_KEY_IN_FLIGHT, "Request in progress",
                            "A request with this Idempotency-Key is still being processed; retry later"),
                            request.getRequestURI()));
                }
                case IdempotencyStore.Completed c -> IdempotentExecution.replay(c, response);
                case IdempotencyStore.Acquired a -> execution.process(forward, response, chain, scope, key);
            }
        }
        finally {
            if (body != null) {
                body.close();
            }
        }
    }

    private static void fingerprintParts(HttpServletRequest request, RequestFingerprint fingerprint)
            throws IOException, ServletException {
        for (Part part : request.getParts()) {
            fingerprint.field(part.getName()).field(part.getSubmittedFileName()).field(part.getContentType());
            try (InputStream in = part.getInputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    fingerprint.bytes(buffer, 0, n);
                }
            }
        }
    }

    private static void fingerprintParameters(HttpServletRequest request, RequestFingerprint fingerprint) {
        new TreeMap<>(request.getParameterMap()).forEach((name, values) -> {
            fingerprint.field(name);
            for (String value : values) {
                fingerprint.field(value);
            }
        });
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static PayloadTooLargeException tooLarge(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException p) {
                return p;
            }
        }
        return null;
    }
}
