package dev.crmplatform.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

class KnownLengthProxyExchangeTest {

    private final KnownLengthProxyExchange exchange =
            new KnownLengthProxyExchange(RestClient.create(), new GatewayMvcProperties());

    @Test
    void copiesABodyOfKnownLengthWhole() throws IOException {
        byte[] body = "{\"id\":\"42\",\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream out = copy(body, body.length);

        assertThat(out.toByteArray()).isEqualTo(body);
    }

    @Test
    void copiesBodiesOfUnknownOrLargeLengthTheDefaultWay() throws IOException {
        byte[] large = new byte[KnownLengthProxyExchange.MAX_SIZED_COPY * 3];
        java.util.Arrays.fill(large, (byte) 'x');

        assertThat(copy(large, large.length).toByteArray()).isEqualTo(large);
        assertThat(copy(large, -1).toByteArray()).isEqualTo(large);
    }

    @Test
    void aBodyShorterThanDeclaredIsCopiedAsFarAsItGoes() throws IOException {
        byte[] body = "short".getBytes(StandardCharsets.UTF_8);

        assertThat(copy(body, 100).toByteArray()).isEqualTo(body);
    }

    private ByteArrayOutputStream copy(byte[] body, long declaredLength) throws IOException {
        MockClientHttpResponse response = new MockClientHttpResponse(body, HttpStatus.OK);
        if (declaredLength >= 0) {
            response.getHeaders().setContentLength(declaredLength);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int copied = exchange.copyResponseBody(response, new ByteArrayInputStream(body), out);
        assertThat(copied).isEqualTo(out.size());
        return out;
    }
}
