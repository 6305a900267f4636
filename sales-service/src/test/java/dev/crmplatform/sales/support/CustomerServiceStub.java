package dev.crmplatform.sales.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server standing in for customer-service: records every request and answers POST /api/v1/customers
 * with 201 and a Customer (the same one again for a repeated Idempotency-Key, as customer-service does), with 409
 * {@code duplicate-customer}, with 500, or never (until {@link #reset()}); GET /api/v1/customers/{id} returns a
 * customer.
 */
public final class CustomerServiceStub implements AutoCloseable {

    public enum Mode { CREATE, DUPLICATE, SERVER_ERROR, HANG }

    public record Request(String method, String path, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> createdByKey = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.CREATE;
    private volatile UUID duplicateOf;
    private volatile CountDownLatch hang = new CountDownLatch(1);

    public CustomerServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/customers", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void duplicateOf(UUID existing) {
        this.duplicateOf = existing;
        this.mode = Mode.DUPLICATE;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Back to answering creates; requests that hang are released. */
    public void reset() {
        hang.countDown();
        hang = new CountDownLatch(1);
        mode = Mode.CREATE;
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) {
                UUID id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
                respond(exchange, 200, "application/json", customer(id, "Existing", "Customer",
                        "existing-" + id + "@example.com"));
                return;
            }
            switch (mode) {
                case HANG -> {
                    try {
                        hang.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case SERVER_ERROR -> respond(exchange, 500, "application/problem+json",
                        "{\"type\":\"https://crmplatform.dev/problems/internal-error\",\"status\":500}");
                case DUPLICATE -> respond(exchange, 409, "application/problem+json", """
                        {"type":"https://crmplatform.dev/problems/duplicate-customer","title":"Duplicate customer",
                         "status":409,"detail":"A customer with the same email or phone exists.",
                         "existingIds":["%s"]}""".formatted(duplicateOf));
                case CREATE -> {
                    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                    JsonNode request = JSON.readTree(body);
                    String created = key == null ? null : createdByKey.get(key);
                    if (created == null) {
                        String email = request.path("emails").path(0).path("address").asString(null);
                        created = customer(UUID.randomUUID(), request.path("firstName").asString(null),
                                request.path("lastName").asString(null), email);
                        if (key != null) {
                            createdByKey.put(key, created);
                        }
                    }
                    respond(exchange, 201, "application/json", created);
                }
            }
        }
    }

    private static String customer(UUID id, String firstName, String lastName, String email) {
        ObjectNode customer = JSON.createObjectNode()
                .put("id", id.toString()).put("type", "PERSON")
                .put("displayName", (firstName + " " + lastName).strip())
                .put("lifecycleStage", "PROSPECT").put("status", "ACTIVE")
                .put("createdAt", "2026-11-24T10:15:30Z").put("updatedAt", "2026-11-24T10:15:30Z")
                .put("createdBy", "u1").put("updatedBy", "u1").put("version", 1);
        if (firstName != null) {
            customer.put("firstName", firstName);
        }
        if (lastName != null) {
            customer.put("lastName", lastName);
        }
        ArrayNode emails = customer.putArray("emails");
        if (email != null) {
            emails.addObject().put("address", email).put("primary", true);
        }
        customer.putArray("phones");
        customer.putArray("addresses");
        customer.putArray("tags");
        customer.putObject("customFields");
        return JSON.writeValueAsString(customer);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        hang.countDown();
        server.stop(0);
    }
}
