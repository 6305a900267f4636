package dev.crmplatform.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP downstream for gateway tests (JDK HttpServer). Behaviour by path:
 * <ul>
 * <li>anything: 200 echo of method, path, query, headers (lower-case names) and body length</li>
 * <li>{@code .../slow}: answers after {@link #slowDelay}</li>
 * <li>{@code .../unavailable}: always 503</li>
 * <li>{@code .../flaky}: 503 on the first attempt of each X-Request-Id, 200 afterwards</li>
 * </ul>
 */
public final class StubBackend implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Duration slowDelay;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);

    public StubBackend(Duration slowDelay) {
        this.slowDelay = slowDelay;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    public int attempts(String requestId) {
        AtomicInteger n = attempts.get(requestId);
        return n == null ? 0 : n.get();
    }

    /** A port nobody listens on: a "down" downstream. */
    public static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        long bodyLength;
        try (InputStream in = exchange.getRequestBody()) {
            bodyLength = in.transferTo(OutputStream.nullOutputStream());
        }
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        int attempt = attempts.computeIfAbsent(String.valueOf(requestId), k -> new AtomicInteger()).incrementAndGet();
        if (path.endsWith("/slow")) {
            try {
                // Holds the answer back without Thread.sleep: nobody counts this latch down.
                never.await(slowDelay.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = 200;
        if (path.endsWith("/unavailable") || (path.endsWith("/flaky") && attempt == 1)) {
            status = 503;
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("method", exchange.getRequestMethod());
        echo.put("path", path);
        echo.put("query", exchange.getRequestURI().getRawQuery());
        echo.put("attempt", attempt);
        echo.put("bodyLength", bodyLength);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        echo.put("headers", headers);
        byte[] body = JSON.writeValueAsString(echo).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        // What a misbehaving downstream might send; the gateway must not pass these through.
        exchange.getResponseHeaders().add("X-Request-Id", "downstream-id");
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
