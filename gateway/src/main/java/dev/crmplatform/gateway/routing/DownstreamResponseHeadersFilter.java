package dev.crmplatform.gateway.routing;

import java.util.Locale;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerResponse;

/** The gateway answers with its own request id and CORS headers: a proxied response drops the downstream's copies. */
@Component
public class DownstreamResponseHeadersFilter implements HttpHeadersFilter.ResponseHttpHeadersFilter, Ordered {

    @Override
    public HttpHeaders apply(HttpHeaders input, ServerResponse response) {
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("x-request-id") && !lower.startsWith("access-control-")) {
                headers.addAll(name, values);
            }
        });
        return headers;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
