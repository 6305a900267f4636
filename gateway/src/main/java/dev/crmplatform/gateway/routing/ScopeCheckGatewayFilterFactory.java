package dev.crmplatform.gateway.routing;

import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.crmplatform.gateway.problem.Problems;
import dev.crmplatform.gateway.security.GatewayAuthentication;
import dev.crmplatform.gateway.security.GatewayPrincipal;

/**
 * Per-route authorisation before proxying: GET and HEAD need {@code <area>:read}, every other method
 * {@code <area>:write}. The services check the same scopes again on the internal token.
 */
@Component
public class ScopeCheckGatewayFilterFactory {

    public HandlerFilterFunction<ServerResponse, ServerResponse> apply(String area) {
        return (request, next) -> {
            HttpMethod method = request.method();
            String required = area + (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                    ? ":read" : ":write");
            GatewayPrincipal principal = GatewayAuthentication.current().orElse(null);
            if (principal == null) {
                return Problems.response(HttpStatus.UNAUTHORIZED, Problems.body(HttpStatus.UNAUTHORIZED,
                        "unauthorized", "Unauthorized", "Authentication required", request.path()));
            }
            if (!principal.hasScope(required)) {
                Map<String, Object> body = Problems.body(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "This operation requires scope " + required, request.path());
                body.put("requiredScope", required);
                return Problems.response(HttpStatus.FORBIDDEN, body);
            }
            if (principal.tenantId() == null) {
                return Problems.response(HttpStatus.FORBIDDEN, Problems.body(HttpStatus.FORBIDDEN, "forbidden",
                        "Forbidden", "Tenant data requires a tenant-bound identity", request.path()));
            }
            return next.handle(request);
        };
    }
}
