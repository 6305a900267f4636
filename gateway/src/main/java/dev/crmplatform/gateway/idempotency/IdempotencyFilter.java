package dev.crmplatform.gateway.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.gateway.apikey.ApiKeySecrets;
import dev.crmplatform.gateway.problem.Problems;
import dev.crmplatform.gateway.security.GatewayAuthentication;
import dev.crmplatform.gateway.security.GatewayPrincipal;
import dev.crmplatform.gateway.web.BodySizeLimitFilter;
import dev.crmplatform.idempotency.IdempotencyStore;
import dev.crmplatform.idempotency.IdempotentExecution;
import dev.crmplatform.idempotency.KeyTable;
import dev.crmplatform.idempotency.ReplayedBodyRequest;
import dev.crmplatform.idempotency.RequestFingerprint;

/**
 * Honours the {@code Idempotency-Key} header on the admin API's POSTs, with the platform's semantics: the first
 * request with a key is processed and its response (status, resource headers, body) stored; a retry with the same
 * key and the same request replays it with {@code Idempotent-Replayed: true}; the same key with a different request
 * gets 422 {@code idempotency-key-reused}; a retry while the first still runs gets 409
 * {@code idempotency-key-in-flight}. 5xx outcomes and exceptions are not stored (the key is released), so the
 * client can retry them.
 *
 * <p>Differences from the platform's filter, and why:
 * <ul>
 * <li>Only {@code /api/v1/admin/**}: every other {@code /api/v1/**} request is proxied to a service that honours the
 * key itself; deduplicating it here too would store every proxied response twice.</li>
 * <li>Keys are scoped per caller ({@link IdempotencyScope}), not per tenant: platform admins have no tenant.</li>
 * <li>Responses marked with {@link OneTimeSecretResponse} (a new API key) are never stored; a replay gets 409
 * {@code idempotency-key-secret-not-replayable} with the created resource's location.</li>
 * <li>Replays carry an allowlist of resource headers only: the gateway's edge filters (request id, CORS, rate-limit,
 * security headers) have already written this request's own values before this filter runs.</li>
 * <li>The body is held in memory: the body-size filter before this one bounds it, and the admin API has no
 * large-body paths.</li>
 * </ul>
 *
 * <p>Runs after Spring Security, so only authenticated callers reach the store and replays count against their
 * rate limit.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = IdempotentExecution.REPLAYED_HEADER;
    static final String ADMIN_PATH_PREFIX = "/api/v1/admin/";
    static final int MAX_KEY_LENGTH = 255;

    /** {@code idempotency_keys}: keys scoped per caller, with room to record a withheld one-time secret. */
    static final KeyTable TABLE = new KeyTable("idempotency_keys", List.of("tenant_id", "principal"), true);

    /** Headers that describe the created resource or the body; everything else is per request and not replayed. */
    private static final Set<String> STORED = Set.of("location", "content-location", "etag", "last-modified",
            "content-language");

    /** Backstop for a handler that forgot {@link OneTimeSecretResponse#mark()}: something that looks like a key. */
    private static final Pattern API_KEY_SECRET = Pattern.compile(
            "(" + Pattern.quote(ApiKeySecrets.LIVE_PREFIX) + "|" + Pattern.quote(ApiKeySecrets.TEST_PREFIX)
                    + ")[0-9A-Za-z]{43}");

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyStore store;
    private final IdempotentExecution execution;

    public IdempotencyFilter(IdempotencyStore store) {
        this.store = store;
        this.execution = new IdempotentExecution(store, STORED::contains,
                (request, body) -> OneTimeSecretResponse.isMarked(request) || looksLikeSecret(request, body));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith(ADMIN_PATH_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        GatewayPrincipal caller = GatewayAuthentication.current().orElse(null);
        if (caller == null) {
            // Security answers 401 for /api/** before this; without a caller there is no key space to use.
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER).strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            Problems.write(response, Problems.validation("The Idempotency-Key header is invalid",
                    request.getRequestURI(), List.of(Map.of("field", HEADER,
                            "message", "must be 1 to " + MAX_KEY_LENGTH + " characters"))),
                    HttpStatus.BAD_REQUEST);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        }
        catch (IOException ex) {
            if (!BodySizeLimitFilter.isTooLarge(ex)) {
                throw ex;
            }
            response.setHeader("Connection", "close");
            Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                    "Payload too large", "The request body exceeds the size limit");
            return;
        }
        IdempotencyScope scope = IdempotencyScope.of(caller);
        String hash = RequestFingerprint.of(request.getMethod(), request.getRequestURI(), request.getQueryString(),
                caller.actor(), request.getContentType(), body);
        switch (store.claim(scope.columns(), key, hash)) {
            case IdempotencyStore.Mismatch m -> Problems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT,
                    "idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was already used for a different request");
            case IdempotencyStore.InFlight f -> {
                response.setHeader("Retry-After", "1");
                Problems.write(request, response, HttpStatus.CONFLICT, "idempotency-key-in-flight",
                        "Request in progress",
                        "A request with this Idempotency-Key is still being processed; retry later");
            }
            case IdempotencyStore.Completed c when c.secretWithheld() -> secretNotReplayable(c, request, response);
            case IdempotencyStore.Completed c -> IdempotentExecution.replay(c, response);
            case IdempotencyStore.Acquired a -> execution.process(new CachedBodyRequest(request, body), response,
                    chain, scope.columns(), key);
        }
    }

    private static boolean looksLikeSecret(HttpServletRequest request, byte[] content) {
        if (!API_KEY_SECRET.matcher(new String(content, StandardCharsets.ISO_8859_1)).find()) {
            return false;
        }
        log.warn("Response of {} carries an API key but was not marked as a one-time secret; not storing its body",
                request.getRequestURI());
        return true;
    }

    private static void secretNotReplayable(IdempotencyStore.Completed completed, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        String location = completed.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Location") && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        Map<String, Object> problem = Problems.body(HttpStatus.CONFLICT, "idempotency-key-secret-not-replayable",
                "Secret not replayable", "The first request with this Idempotency-Key already created "
                        + (location != null ? location : "the key")
                        + ". Its secret is shown only once and is not stored, so it cannot be returned again: "
                        + "rotate or revoke that key.",
                request.getRequestURI());
        if (location != null) {
            problem.put("location", location);
        }
        Problems.write(response, problem, HttpStatus.CONFLICT);
    }

    /** The body is held in memory, so its length is known even when the request came chunked. */
    static final class CachedBodyRequest extends ReplayedBodyRequest {

        private final int length;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request, () -> new ByteArrayInputStream(body));
            this.length = body.length;
        }

        @Override
        public int getContentLength() {
            return length;
        }

        @Override
        public long getContentLengthLong() {
            return length;
        }
    }
}
