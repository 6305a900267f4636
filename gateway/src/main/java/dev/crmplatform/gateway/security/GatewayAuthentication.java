package dev.crmplatform.gateway.security;

import java.util.Optional;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The Spring Security view of a {@link GatewayPrincipal}: authorities are SCOPE_&lt;scope&gt;. */
public class GatewayAuthentication extends AbstractAuthenticationToken {

    private final GatewayPrincipal principal;

    public GatewayAuthentication(GatewayPrincipal principal) {
        super(principal.scopes().stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s)).toList());
        this.principal = principal;
        setAuthenticated(true);
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
