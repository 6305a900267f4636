package dev.crmplatform.gateway.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;

import dev.crmplatform.gateway.problem.Problems;

/**
 * Spring's CORS checks, with a rejected request (an origin, method or header that is not allowed) answered as a 403
 * problem instead of the plain text "Invalid CORS request". The body is written here rather than in
 * {@link #rejectRequest}, which does not see the request and so could not name it as the problem's instance.
 */
class ProblemCorsProcessor extends DefaultCorsProcessor {

    @Override
    public boolean processRequest(CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (super.processRequest(config, request, response)) {
            return true;
        }
        // false means rejected: the only other answer of DefaultCorsProcessor is true
        Problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "The cross-origin request is not allowed: its origin, method or headers are not accepted");
        return false;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.FORBIDDEN);
    }
}
