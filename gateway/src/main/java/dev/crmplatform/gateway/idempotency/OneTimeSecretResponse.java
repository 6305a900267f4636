package dev.crmplatform.gateway.idempotency;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Lets a handler declare that its response carries a secret shown exactly once (a new API key). The
 * {@link IdempotencyFilter} then stores only that the request succeeded and where the resource is, never the body,
 * and answers a replay with 409 {@code idempotency-key-secret-not-replayable}.
 * <p>
 * Why not replay it: the contract promises the gateway keeps only the key's hash. Keeping the response for 24 h,
 * even encrypted with the key-encryption key, would make every new secret recoverable from the database (plus that
 * key, which is optional) for a day, and a replay would hand a live credential to anyone who gets hold of the
 * Idempotency-Key and the caller's credentials. A 201 without the secret would be worse for clients: code that
 * reads {@code key} would store an empty credential. The 409 tells the client the key exists (its location) and
 * that it must rotate or revoke it.
 */
public final class OneTimeSecretResponse {

    static final String ATTRIBUTE = OneTimeSecretResponse.class.getName();

    private OneTimeSecretResponse() {
    }

    /** Marks the current request's response as carrying a one-time secret. */
    public static void mark() {
        RequestContextHolder.currentRequestAttributes().setAttribute(ATTRIBUTE, Boolean.TRUE,
                RequestAttributes.SCOPE_REQUEST);
    }

    static boolean isMarked(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(ATTRIBUTE));
    }
}
