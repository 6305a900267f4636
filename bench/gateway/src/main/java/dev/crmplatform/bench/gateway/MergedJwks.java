package dev.crmplatform.bench.gateway;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JWKS the customer-service trusts in this benchmark: the gateway's keys (fetched live, so its key rotation still
 * works) merged with TestJwtIssuer's key. The service then accepts the gateway's internal tokens AND tokens the
 * benchmark mints for the direct calls, and validates both exactly as in production (signature, issuer, audience).
 */
final class MergedJwks implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile URI gatewayJwks;
    private final URI testJwks;

    MergedJwks(String testIssuerJwksUri) throws IOException {
        this.testJwks = URI.create(testIssuerJwksUri);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = merged().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** Set once the gateway's port is known; until then only the test issuer's key is served. */
    void gateway(String gatewayJwksUri) {
        this.gatewayJwks = URI.create(gatewayJwksUri);
    }

    private String merged() {
        List<JWK> keys = new ArrayList<>(fetch(testJwks));
        URI gateway = gatewayJwks;
        if (gateway != null) {
            keys.addAll(fetch(gateway));
        }
        return new JWKSet(keys).toString();
    }

    private List<JWK> fetch(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JWKSet.parse(response.body()).getKeys() : List.of();
        } catch (IOException | ParseException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
