package dev.crmplatform.gateway.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * Spring Cloud Gateway's proxy exchange, with one change: a downstream answer of known, moderate length is copied
 * through a buffer of exactly that length. The default copy ({@code InputStream.transferTo}) allocates 16 KB per
 * response, about a seventh of all the gateway allocated per proxied request (JFR, gateway benchmark), for answers
 * that are mostly 1-2 KB. Answers of unknown length (chunked, streaming) or above {@link #MAX_SIZED_COPY} take the
 * default path.
 */
public class KnownLengthProxyExchange extends RestClientProxyExchange {

    static final int MAX_SIZED_COPY = 64 * 1024;

    public KnownLengthProxyExchange(RestClient restClient, GatewayMvcProperties properties) {
        super(restClient, properties);
    }

    @Override
    protected int copyResponseBody(ClientHttpResponse clientResponse, InputStream inputStream,
            OutputStream outputStream) throws IOException {
        long length = clientResponse.getHeaders().getContentLength();
        if (length < 0 || length > MAX_SIZED_COPY) {
            return super.copyResponseBody(clientResponse, inputStream, outputStream);
        }
        byte[] body = inputStream.readNBytes((int) length);
        outputStream.write(body);
        outputStream.flush();
        return body.length;
    }
}
