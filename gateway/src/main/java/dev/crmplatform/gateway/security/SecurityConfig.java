package dev.crmplatform.gateway.security;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import dev.crmplatform.gateway.apikey.ApiKeyAuthenticator;
import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.ratelimit.RateLimitFilter;
import dev.crmplatform.gateway.ratelimit.RateLimiter;

/**
 * Stateless: every /api/** request must carry a user JWT or an API key; the gateway's JWKS, the API docs, Swagger
 * UI and actuator health are public (the other actuator endpoints are for platform admins). Authentication and rate
 * limiting are filters of this chain (not servlet-container filters), so they run after CORS and before routing.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    /**
     * No per-filter observations: they wrapped each of the chain's filters in its own observation, a visible share
     * of the gateway's CPU per request. The request itself stays observed (http.server.requests).
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    UserJwtAuthenticator userJwtAuthenticator(GatewayProperties properties) {
        return new UserJwtAuthenticator(properties.oidc());
    }

    /**
     * The actuator on the public port: health and its liveness/readiness groups stay open for probes (and the local
     * launcher, the benchmark), with details ({@code show-details: when-authorized}) for platform admins only; the
     * other endpoints (metrics, prometheus, info) need a platform-admin credential. Unlike the main chain it keeps
     * the servlet API wrapper: the health endpoint asks the request for its user.
     */
    @Bean
    @Order(1)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, ApiKeyAuthenticator apiKeys, UserJwtAuthenticator users)
            throws Exception {
        statelessWithGatewayCredentials(http, apiKeys, users, "/actuator")
                .securityMatcher("/actuator/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole(GatewayAuthentication.PLATFORM_ADMIN_ROLE));
        return http.build();
    }

    @Bean
    SecurityFilterChain gatewaySecurity(HttpSecurity http, ApiKeyAuthenticator apiKeys, UserJwtAuthenticator users,
            RateLimiter rateLimiter, GatewayProperties properties) throws Exception {
        statelessWithGatewayCredentials(http, apiKeys, users, "/api/")
                // What .cors(...) would add, with rejections answered as problems (see ProblemCorsProcessor).
                .addFilter(corsFilter(properties))
                // Nothing here asks the servlet request for its user: skip the request wrapper that would answer.
                .servletApi(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .addFilterAfter(new RateLimitFilter(rateLimiter), AuthorizationFilter.class);
        return http.build();
    }

    /** No sessions, no login forms: a user JWT or an API key on every request under {@code pathPrefix}. */
    private static HttpSecurity statelessWithGatewayCredentials(HttpSecurity http, ApiKeyAuthenticator apiKeys,
            UserJwtAuthenticator users, String pathPrefix) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new GatewayAuthenticationFilter(apiKeys, users, problems, pathPrefix),
                        AnonymousAuthenticationFilter.class);
    }

    private static CorsFilter corsFilter(GatewayProperties properties) {
        CorsFilter filter = new CorsFilter(corsConfigurationSource(properties));
        filter.setCorsProcessor(new ProblemCorsProcessor());
        return filter;
    }

    /** CORS for the configured frontend origins only; bearer tokens, so no credentials mode. */
    static CorsConfigurationSource corsConfigurationSource(GatewayProperties properties) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(properties.cors().allowedOrigins());
        config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "X-API-Key", "X-Request-Id",
                "Idempotency-Key", "If-Match", "If-None-Match", "traceparent", "tracestate"));
        config.setExposedHeaders(List.of("X-Request-Id", "ETag", "Location", "RateLimit", "RateLimit-Policy",
                "Retry-After", "Idempotent-Replayed"));
        config.setAllowCredentials(false);
        config.setMaxAge(properties.cors().maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", config);
        source.registerCorsConfiguration("/v3/api-docs/**", config);
        return source;
    }
}
