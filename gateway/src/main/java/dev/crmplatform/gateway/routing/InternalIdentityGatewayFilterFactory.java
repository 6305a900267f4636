package dev.crmplatform.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.server.mvc.handler.GatewayServerResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.security.GatewayAuthentication;
import dev.crmplatform.gateway.token.InternalTokenService;
import dev.crmplatform.gateway.web.RequestIdFilter;

/**
 * Replaces whatever identity the client sent with the gateway's: removes every header that could pass for
 * internal identity (Authorization, X-API-Key, X-Tenant-Id, X-User-*, ... see {@code crm.gateway.headers}), then
 * sets {@code Authorization: Bearer <internal JWT>}, {@code X-Request-Id} and {@code traceparent}.
 */
@Component
public class InternalIdentityGatewayFilterFactory {

    private final InternalTokenService tokens;
    private final List<String> strip;
    private final List<String> stripPrefixes;

    public InternalIdentityGatewayFilterFactory(InternalTokenService tokens, GatewayProperties properties) {
        this.tokens = tokens;
        this.strip = properties.headers().strip().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.stripPrefixes = properties.headers().stripPrefixes().stream().map(h -> h.toLowerCase(Locale.ROOT))
                .toList();
    }

    public HandlerFilterFunction<ServerResponse, ServerResponse> apply() {
        return (request, next) -> {
            String token = tokens.tokenFor(GatewayAuthentication.current().orElseThrow());
            String requestId = (String) request.attribute(RequestIdFilter.REQUEST_ID_ATTR).orElse(null);
            String traceparent = (String) request.attribute(RequestIdFilter.TRACEPARENT_ATTR).orElse(null);
            ServerRequest rewritten = ServerRequest.from(request).headers(headers -> {
                for (String name : new ArrayList<>(headers.headerNames())) {
                    if (stripped(name)) {
                        headers.remove(name);
                    }
                }
                headers.setBearerAuth(token);
                if (requestId != null) {
                    headers.set(RequestIdFilter.REQUEST_ID, requestId);
                }
                if (traceparent != null) {
                    headers.set(RequestIdFilter.TRACEPARENT, traceparent);
                }
            }).build();
            ServerResponse response = next.handle(rewritten);
            if (!(response instanceof GatewayServerResponse)) {
                return response; // the gateway's own answer (e.g. a 503 problem), nothing from downstream
            }
            // The gateway answers with its own request id and CORS headers; drop the downstream's copies.
            HttpHeaders out = response.headers();
            out.remove(RequestIdFilter.REQUEST_ID);
            for (String name : new ArrayList<>(out.headerNames())) {
                if (name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                    out.remove(name);
                }
            }
            return response;
        };
    }

    boolean stripped(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (strip.contains(lower)) {
            return true;
        }
        for (String prefix : stripPrefixes) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
