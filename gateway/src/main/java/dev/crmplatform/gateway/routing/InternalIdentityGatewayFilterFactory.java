package dev.crmplatform.gateway.routing;

import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
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
 * <p>
 * The route filter only mints the token (on the request thread, where the caller's authentication lives) and leaves
 * it in a request attribute. The rewriting itself happens as the last of the proxy's request header filters, on the
 * copy of the headers the proxy builds anyway: rebuilding the whole request to change three headers was a visible
 * share of the gateway's CPU per request.
 */
@Component
public class InternalIdentityGatewayFilterFactory implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

    static final String TOKEN_ATTR = InternalIdentityGatewayFilterFactory.class.getName() + ".token";

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
            request.attributes().put(TOKEN_ATTR, tokens.tokenFor(GatewayAuthentication.current().orElseThrow()));
            return next.handle(request);
        };
    }

    /** Runs on every proxied request; without a minted token nothing identity-like is forwarded at all. */
    @Override
    public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!stripped(name)) {
                headers.addAll(name, values);
            }
        });
        request.attribute(TOKEN_ATTR).ifPresent(token -> headers.setBearerAuth((String) token));
        request.attribute(RequestIdFilter.REQUEST_ID_ATTR)
                .ifPresent(id -> headers.set(RequestIdFilter.REQUEST_ID, (String) id));
        request.attribute(RequestIdFilter.TRACEPARENT_ATTR)
                .ifPresent(traceparent -> headers.set(RequestIdFilter.TRACEPARENT, (String) traceparent));
        return headers;
    }

    /** After the framework's own header filters (hop-by-hop, forwarded, ...). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
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
