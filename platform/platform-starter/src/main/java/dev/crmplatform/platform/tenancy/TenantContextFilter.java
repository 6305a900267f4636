package dev.crmplatform.platform.tenancy;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sets {@link TenantContext} from the authenticated internal JWT's {@code tenant} claim for the duration of the
 * request and always clears it afterwards (the servlet thread goes back to a pool).
 *
 * <p>Registered after the Spring Security filter chain, so the authentication is already known.
 */
public class TenantContextFilter extends OncePerRequestFilter {

    public static final String TENANT_CLAIM = "tenant";
    static final String MDC_KEY = "tenantId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<UUID> tenant = tenantOf(SecurityContextHolder.getContext().getAuthentication());
        if (tenant.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        TenantContext.set(tenant.get());
        MDC.put(MDC_KEY, tenant.get().toString());
        try {
            chain.doFilter(request, response);
        }
        finally {
            TenantContext.clear();
            MDC.remove(MDC_KEY);
        }
    }

    static Optional<UUID> tenantOf(Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            return Optional.empty();
        }
        String raw = jwt.getClaimAsString(TENANT_CLAIM);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        }
        catch (IllegalArgumentException ex) {
            // The gateway signs the token, so a malformed tenant is a gateway bug; treat it as "no tenant"
            // (RLS then shows nothing) rather than guessing.
            return Optional.empty();
        }
    }
}
