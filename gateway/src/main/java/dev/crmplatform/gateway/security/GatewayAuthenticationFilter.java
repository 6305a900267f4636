package dev.crmplatform.gateway.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.gateway.apikey.ApiKeyAuthenticator;
import dev.crmplatform.gateway.apikey.ApiKeySecrets;

/**
 * Authenticates the requests under its path prefix ({@code /api/}, {@code /actuator}): an API key
 * ({@code X-API-Key}, or {@code Authorization: Bearer crm_live_...}) or a user JWT
 * ({@code Authorization: Bearer <jwt>}). A bad credential is answered 401 at once; no credential continues
 * anonymously and the authorisation rules answer 401.
 */
public class GatewayAuthenticationFilter extends OncePerRequestFilter {

    public static final String API_KEY_HEADER = "X-API-Key";

    private final ApiKeyAuthenticator apiKeys;
    private final UserJwtAuthenticator users;
    private final AuthenticationEntryPoint entryPoint;
    private final String pathPrefix;

    /** @param pathPrefix credentials are read only under it: elsewhere (docs, JWKS) they are ignored, not checked */
    public GatewayAuthenticationFilter(ApiKeyAuthenticator apiKeys, UserJwtAuthenticator users,
            AuthenticationEntryPoint entryPoint, String pathPrefix) {
        this.apiKeys = apiKeys;
        this.users = users;
        this.entryPoint = entryPoint;
        this.pathPrefix = pathPrefix;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(pathPrefix);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String apiKeyHeader = request.getHeader(API_KEY_HEADER);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (apiKeyHeader == null && authorization == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            GatewayPrincipal principal = authenticate(apiKeyHeader, authorization);
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new GatewayAuthentication(principal));
            SecurityContextHolder.setContext(context);
        }
        catch (AuthenticationException e) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }

    private GatewayPrincipal authenticate(String apiKeyHeader, String authorization) {
        if (apiKeyHeader != null && authorization != null) {
            throw new BadCredentialsException("Send either X-API-Key or Authorization, not both");
        }
        if (apiKeyHeader != null) {
            return apiKeys.authenticate(apiKeyHeader.trim());
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new BadCredentialsException("Only Bearer credentials are accepted");
        }
        String token = authorization.substring(7).trim();
        return ApiKeySecrets.looksLikeApiKey(token) ? apiKeys.authenticate(token) : users.authenticate(token);
    }
}
