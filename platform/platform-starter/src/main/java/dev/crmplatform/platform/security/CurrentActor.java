package dev.crmplatform.platform.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is acting: the subject of the internal JWT of the current request, or {@code "system"} for work outside a
 * request (relays, consumers, schedulers). Use {@link #id()} for {@code created_by}/{@code updated_by}.
 */
public final class CurrentActor {

    public static final String SYSTEM = "system";
    public static final String SCOPE_PREFIX = "SCOPE_";

    private CurrentActor() {
    }

    /** JWT {@code sub}, or {@code "system"} outside an authenticated request. */
    public static String id() {
        return jwt().map(Jwt::getSubject).filter(s -> !s.isBlank()).orElse(SYSTEM);
    }

    /** Scopes granted by the token (without the {@code SCOPE_} prefix); empty outside a request. */
    public static Set<String> scopes() {
        Authentication authentication = authentication();
        if (authentication == null) {
            return Set.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith(SCOPE_PREFIX)) {
                scopes.add(name.substring(SCOPE_PREFIX.length()));
            }
        }
        return Set.copyOf(scopes);
    }

    public static boolean hasScope(String scope) {
        return scopes().contains(scope);
    }

    /** The token's {@code roles} claim; empty outside a request. */
    public static Set<String> roles() {
        return jwt().map(j -> j.<Object>getClaim("roles")).map(CurrentActor::stringSet).orElse(Set.of());
    }

    /** {@code user} or {@code api_key}; empty outside a request. */
    public static Optional<String> principalType() {
        return jwt().map(j -> j.getClaimAsString("principal_type"));
    }

    /** The API key id for {@code api_key} principals. */
    public static Optional<String> keyId() {
        return jwt().map(j -> j.getClaimAsString("key_id"));
    }

    /** The validated internal JWT of the current request, if any. */
    public static Optional<Jwt> jwt() {
        Authentication authentication = authentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return Optional.of(jwt);
        }
        return Optional.empty();
    }

    private static Authentication authentication() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated() ? authentication : null;
    }

    private static Set<String> stringSet(Object claim) {
        if (claim instanceof List<?> list) {
            Set<String> values = new LinkedHashSet<>();
            list.forEach(v -> values.add(String.valueOf(v)));
            return Set.copyOf(values);
        }
        if (claim instanceof String s && !s.isBlank()) {
            return Set.of(s.trim().split("\\s+"));
        }
        return Set.of();
    }
}
