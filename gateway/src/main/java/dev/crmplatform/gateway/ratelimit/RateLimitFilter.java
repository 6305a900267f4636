package dev.crmplatform.gateway.ratelimit;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.gateway.problem.Problems;
import dev.crmplatform.gateway.security.GatewayAuthentication;
import dev.crmplatform.gateway.security.GatewayPrincipal;

/**
 * Applies the rate limit to authenticated /api/** requests, before they are routed. Headers follow the IETF
 * httpapi draft "RateLimit header fields for HTTP": {@code RateLimit-Policy: "minute";q=600;w=60, "day";q=...;w=86400}
 * and {@code RateLimit: "minute";r=<remaining>;t=<seconds until reset>, "day";r=...;t=...}.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limiter.enabled() || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        GatewayPrincipal principal = GatewayAuthentication.current().orElse(null);
        if (principal == null) {
            chain.doFilter(request, response);
            return;
        }
        RateLimiter.Decision d = limiter.tryConsume(principal);
        response.setHeader("RateLimit-Policy",
                "\"minute\";q=" + d.perMinute() + ";w=60, \"day\";q=" + d.perDay() + ";w=86400");
        if (!d.limiterUnavailable()) {
            response.setHeader("RateLimit", "\"minute\";r=" + d.remainingMinute() + ";t=" + d.resetMinute()
                    + ", \"day\";r=" + d.remainingDay() + ";t=" + d.resetDay());
        }
        if (!d.allowed()) {
            response.setHeader("Retry-After", String.valueOf(d.retryAfterSeconds()));
            if (d.limiterUnavailable()) {
                Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                        "Service unavailable", "The rate limiter is unavailable; try again shortly");
            }
            else {
                Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                        "Too many requests", "Rate limit exceeded; retry after " + d.retryAfterSeconds() + " s");
            }
            return;
        }
        chain.doFilter(request, response);
    }
}
