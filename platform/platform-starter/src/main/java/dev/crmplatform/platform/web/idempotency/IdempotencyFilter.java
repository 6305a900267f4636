package dev.crmplatform.platform.web.idempotency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

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
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;

    /** Headers that describe the transport or are re-added per response, never replayed. */
    private static final Set<String> NOT_STORED = Set.of("date", "content-length", "transfer-encoding",
            "connection", "keep-alive", "set-cookie", "x-request-id", "traceparent", "tracestate", "cache-control",
            "pragma", "expires", "x-content-type-options", "x-frame-options", "x-xss-protection",
            "strict-transport-security", "vary");

    // Stands in for "no tenant" so tenant-less callers still get deduplication, in their own key space.
    private static final UUID NO_TENANT = new UUID(0, 0);

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyStore store;
    private final long memoryThreshold;

    public IdempotencyFilter(IdempotencyStore store, long memoryThreshold) {
        this.store = store;
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
        UUID tenant = TenantContext.current().orElse(NO_TENANT);
        MessageDigest digest = sha256();
        fingerprintHead(request, digest);

        SpooledBody body = null;
        HttpServletRequest forward = request;
        try {
            if (isMultipart(request)) {
                fingerprintParts(request, digest);
            }
            else if (isForm(request)) {
                fingerprintParameters(request, digest);
            }
            else {
                body = SpooledBody.read(request.getInputStream(), memoryThreshold, digest);
                forward = new ReplayedBodyRequest(request, body);
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
            String hash = HexFormat.of().formatHex(digest.digest());
            IdempotencyStore.Claim claim = store.claim(tenant, key, hash);
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
                case IdempotencyStore.Completed c -> replay(c, response);
                case IdempotencyStore.Acquired a -> process(forward, response, chain, tenant, key);
            }
        }
        finally {
            if (body != null) {
                body.close();
            }
        }
    }

    private void process(HttpServletRequest request, HttpServletResponse response, FilterChain chain, UUID tenant,
            String key) throws IOException, ServletException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(request, wrapper);
            if (request.isAsyncStarted()) {
                // The outcome is not known yet; storing a partial response would replay garbage.
                log.warn("Idempotency-Key ignored for async request {}", request.getRequestURI());
            }
            else if (wrapper.getStatus() < 500) {
                store.complete(tenant, key, wrapper.getStatus(), headersOf(wrapper),
                        wrapper.getContentAsByteArray());
                stored = true;
            }
        }
        finally {
            if (!stored) {
                release(tenant, key);
            }
            wrapper.copyBodyToResponse();
        }
    }

    private void release(UUID tenant, String key) {
        try {
            store.release(tenant, key);
        }
        catch (RuntimeException ex) {
            // The key then expires via the in-flight timeout; do not mask the original outcome.
            log.warn("Could not release Idempotency-Key", ex);
        }
    }

    private static void replay(IdempotencyStore.Completed completed, HttpServletResponse response)
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

    static Map<String, List<String>> headersOf(HttpServletResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : response.getHeaderNames()) {
            if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT)) && !headers.containsKey(name)) {
                headers.put(name, new ArrayList<>(response.getHeaders(name)));
            }
        }
        if (response.getContentType() != null) {
            headers.put("Content-Type", List.of(response.getContentType()));
        }
        return headers;
    }

    private static void fingerprintHead(HttpServletRequest request, MessageDigest digest) {
        update(digest, request.getMethod());
        update(digest, request.getRequestURI());
        update(digest, request.getQueryString());
        update(digest, CurrentActor.id());
        update(digest, request.getContentType());
    }

    private static void fingerprintParts(HttpServletRequest request, MessageDigest digest)
            throws IOException, ServletException {
        for (Part part : request.getParts()) {
            update(digest, part.getName());
            update(digest, part.getSubmittedFileName());
            update(digest, part.getContentType());
            try (InputStream in = part.getInputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
        }
    }

    private static void fingerprintParameters(HttpServletRequest request, MessageDigest digest) {
        new TreeMap<>(request.getParameterMap()).forEach((name, values) -> {
            update(digest, name);
            for (String value : values) {
                update(digest, value);
            }
        });
    }

    private static void update(MessageDigest digest, String value) {
        // Length-prefixed so ("ab","c") and ("a","bc") differ.
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (value == null ? 0 : 1));
        digest.update(HexFormat.of().toHexDigits(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Hands the already consumed body to the handler again. */
    static final class ReplayedBodyRequest extends HttpServletRequestWrapper {

        private final SpooledBody body;
        private ServletInputStream stream;
        private BufferedReader reader;

        ReplayedBodyRequest(HttpServletRequest request, SpooledBody body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                InputStream in = body.open();
                stream = new ServletInputStream() {
                    private boolean finished;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        finished = b < 0;
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        finished = n < 0;
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return finished;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException("Non-blocking reads are not supported");
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                };
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }
}
