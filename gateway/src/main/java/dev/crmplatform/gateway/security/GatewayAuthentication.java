package dev.crmplatform.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The Spring Security view of a {@link GatewayPrincipal}: authorities are SCOPE_&lt;scope&gt;, plus
 * {@value #PLATFORM_ADMIN_AUTHORITY} for a platform admin (the actuator endpoints and health details check it).
 */
public class GatewayAuthentication extends AbstractAuthenticationToken {

    public static final String PLATFORM_ADMIN_ROLE = "PLATFORM_ADMIN";
    public static final String PLATFORM_ADMIN_AUTHORITY = "ROLE_" + PLATFORM_ADMIN_ROLE;

    private final GatewayPrincipal principal;

    public GatewayAuthentication(GatewayPrincipal principal) {
        super(authorities(principal));
        this.principal = principal;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(GatewayPrincipal principal) {
        List<GrantedAuthority> authorities = new ArrayList<>(principal.scopes().size() + 1);
        for (String scope : principal.scopes()) {
            authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
        }
        if (principal.platformAdmin()) {
            authorities.add(new SimpleGrantedAuthority(PLATFORM_ADMIN_AUTHORITY));
        }
        return authorities;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public GatewayPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.subject();
    }

    public static Optional<GatewayPrincipal> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof GatewayAuthentication ga ? Optional.of(ga.getPrincipal()) : Optional.empty();
    }
}
