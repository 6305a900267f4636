package dev.crmplatform.local.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sales half of {@code --demo-data}, through the gateway like any client: sales reps for assignment, products,
 * leads in every status, opportunities across every stage, orders (some paid, some fulfilled), contracts (some due
 * for renewal) and overdue follow-up tasks, on the demo customers. Deterministic and idempotent like
 * {@link DemoData}: a tenant that already has leads is left alone.
 */
public final class SalesDemoData {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> LEAD_STATUSES = List.of("NEW", "CONTACTED", "QUALIFIED", "DISQUALIFIED",
            "CONVERTED");
    private static final List<String> OPEN_STAGES = List.of("PROSPECTING", "QUALIFICATION", "PROPOSAL", "NEGOTIATION");
    private static final List<String> INDUSTRIES = List.of("MANUFACTURING", "FINANCE", "HEALTHCARE", "RETAIL",
            "TECHNOLOGY", "EDUCATION");
    private static final List<String> SOURCES = List.of("WEB", "REFERRAL", "EVENT", "CAMPAIGN", "PARTNER");
    private static final Duration REPLICATION_WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String gatewayUrl;
    private final String token;
    private final List<String> errors = new ArrayList<>();

    public SalesDemoData(String gatewayUrl, String token) {
        this.gatewayUrl = gatewayUrl;
        this.token = token;
    }

    /** Counts of what was created; {@code skipped} when the tenant had leads already. */
    public record Result(boolean skipped, int leads, int opportunities, int orders, int contracts, int tasks,
                         int failed, String firstError) {
    }

    public Result load() throws IOException, InterruptedException {
        Reply existing = send("GET", "/api/v1/leads?limit=1", null, null);
        if (existing.status() != 200) {
            throw new IOException("GET /api/v1/leads answered " + existing.status() + ": " + existing.body());
        }
        if (!existing.json().path("items").isEmpty()) {
            return new Result(true, 0, 0, 0, 0, 0, 0, null);
        }
        Random random = new Random(20261124L);
        send("PUT", "/api/v1/leads/assignment/reps/sales.rep",
                "{\"displayName\":\"Sam Rep\",\"active\":true,\"countries\":[\"US\",\"CA\"]}", null);
        send("PUT", "/api/v1/leads/assignment/reps/sales.manager",
                "{\"displayName\":\"Max Manager\",\"active\":true,\"industries\":[\"FINANCE\"]}", null);
        List<String> products = new ArrayList<>();
        String[][] catalogue = {{"STARTER", "Starter plan", "490.00"}, {"PRO", "Pro plan", "1200.00"},
                {"ENT", "Enterprise plan", "4800.00"}, {"ONBOARD", "Onboarding package", "950.00"}};
        for (String[] p : catalogue) {
            created("POST", "/api/v1/products", "{\"sku\":\"DEMO-" + p[0] + "\",\"name\":\"" + p[1]
                    + "\",\"listPrice\":{\"amount\":\"" + p[2] + "\",\"currency\":\"USD\"}}", "product-" + p[0])
                    .ifPresent(products::add);
        }
        int leads = 0;
        for (int i = 0; i < 60; i++) {
            leads += lead(i, LEAD_STATUSES.get(i % LEAD_STATUSES.size()), random) ? 1 : 0;
        }
        List<String> organisations = organisations();
        int opportunities = 0;
        int orders = 0;
        int contracts = 0;
        int tasks = 0;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < Math.min(40, organisations.size()); i++) {
            String customer = organisations.get(i);
            String product = products.isEmpty() ? null : products.get(i % products.size());
            var opportunity = opportunity(i, customer, today.plusDays(7 + random.nextInt(170)), random);
            if (opportunity == null) {
                continue;
            }
            opportunities++;
            if (i % 6 == 0) {
                stage(opportunity, "{\"stage\":\"CLOSED_WON\"}");
            } else if (i % 6 == 1) {
                stage(opportunity, "{\"stage\":\"CLOSED_LOST\",\"lostReason\":\""
                        + List.of("PRICE", "COMPETITOR", "NO_BUDGET").get(i % 3) + "\"}");
            } else if (i % 4 == 2) {
                tasks += created("POST", "/api/v1/opportunities/" + opportunity + "/tasks",
                        "{\"title\":\"Follow up on the proposal\",\"dueAt\":\"" + today.minusDays(1 + i % 5)
                                + "T09:00:00Z\"}", "task-" + i).isPresent() ? 1 : 0;
            }
            if (i < 20 && product != null) {
                var order = created("POST", "/api/v1/orders", "{\"customerId\":\"" + customer
                        + "\",\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}", "order-" + i);
                if (order.isPresent()) {
                    orders++;
                    if (i % 3 == 0) {
                        Reply read = send("GET", "/api/v1/orders/" + order.get(), null, null);
                        created("POST", "/api/v1/orders/" + order.get() + "/payments",
                                "{\"amount\":" + read.json().path("total").toString() + "}", "payment-" + i);
                    } else if (i % 3 == 1) {
                        send("POST", "/api/v1/orders/" + order.get() + "/fulfil", "{}", "fulfil-" + i);
                    }
                }
            }
            if (i < 15) {
                LocalDate start = today.minusMonths(11 - i % 6);
                contracts += created("POST", "/api/v1/contracts", "{\"customerId\":\"" + customer
                        + "\",\"name\":\"Annual subscription\",\"startDate\":\"" + start + "\",\"endDate\":\""
                        + start.plusYears(1) + "\",\"value\":{\"amount\":\"" + (6 + i) * 1000
                        + ".00\",\"currency\":\"USD\"},\"autoRenew\":" + (i % 2 == 0) + "}", "contract-" + i)
                        .isPresent() ? 1 : 0;
            }
        }
        return new Result(false, leads, opportunities, orders, contracts, tasks, errors.size(),
                errors.isEmpty() ? null : errors.getFirst());
    }

    private boolean lead(int i, String status, Random random) throws IOException, InterruptedException {
        String industry = INDUSTRIES.get(random.nextInt(INDUSTRIES.size()));
        String body = "{\"firstName\":\"Lead\",\"lastName\":\"Number " + (i + 1) + "\",\"email\":\"demo.lead." + (i + 1)
                + "@prospect.example\",\"company\":\"Prospect " + (i + 1) + " Ltd\",\"title\":\""
                + List.of("CEO", "CTO", "Head of Sales", "Analyst", "Office Manager").get(i % 5) + "\",\"companySize\":"
                + (10 + random.nextInt(2000)) + ",\"country\":\"" + List.of("US", "CA", "DE", "GB").get(i % 4)
                + "\",\"industry\":\"" + industry + "\",\"source\":\"" + SOURCES.get(i % SOURCES.size()) + "\"}";
        var lead = created("POST", "/api/v1/leads", body, "lead-" + i);
        if (lead.isEmpty()) {
            return false;
        }
        switch (status) {
            case "CONTACTED" -> moveLead(lead.get(), "{\"status\":\"CONTACTED\"}");
            case "QUALIFIED" -> {
                // a lead is contacted before it can qualify
                moveLead(lead.get(), "{\"status\":\"CONTACTED\"}");
                moveLead(lead.get(), "{\"status\":\"QUALIFIED\"}");
            }
            case "DISQUALIFIED" -> moveLead(lead.get(),
                    "{\"status\":\"DISQUALIFIED\",\"disqualifiedReason\":\"No budget this year\"}");
            case "CONVERTED" -> record(send("POST", "/api/v1/leads/" + lead.get() + "/convert", "{}", "convert-" + i),
                    200);
            default -> {
            }
        }
        return true;
    }

    private void moveLead(String lead, String patch) throws IOException, InterruptedException {
        Reply read = send("GET", "/api/v1/leads/" + lead, null, null);
        record(send("PATCH", "/api/v1/leads/" + lead, patch, null,
                Map.of("If-Match", read.etag(), "Content-Type", "application/merge-patch+json")), 200);
    }

    /** Creates the opportunity once sales-service's replica knows the customer (it arrives over Kafka). */
    private String opportunity(int i, String customer, LocalDate close, Random random)
            throws IOException, InterruptedException {
        String body = "{\"customerId\":\"" + customer + "\",\"name\":\"Deal " + (i + 1) + "\",\"amount\":{\"amount\":\""
                + (5 + random.nextInt(60)) * 1000 + ".00\",\"currency\":\"USD\"},\"expectedCloseDate\":\"" + close
                + "\",\"stage\":\"" + OPEN_STAGES.get(i % OPEN_STAGES.size()) + "\"}";
        long deadline = System.nanoTime() + REPLICATION_WAIT.toNanos();
        while (true) {
            Reply reply = send("POST", "/api/v1/opportunities", body, "opportunity-" + i);
            if (reply.status() == 201) {
                return reply.json().path("id").asString();
            }
            if (reply.status() != 422 || System.nanoTime() > deadline) {
                record(reply, 201);
                return null;
            }
            Thread.sleep(500); // the customer's created event is still on its way to the replica
        }
    }

    private void stage(String opportunity, String body) throws IOException, InterruptedException {
        record(send("POST", "/api/v1/opportunities/" + opportunity + "/stage", body, null), 200);
    }

    private List<String> organisations() throws IOException, InterruptedException {
        Reply page = send("GET", "/api/v1/customers?type=ORGANIZATION&limit=60&sort=createdAt", null, null);
        List<String> ids = new ArrayList<>();
        page.json().path("items").forEach(c -> ids.add(c.path("id").asString()));
        return ids;
    }

    private Optional<String> created(String method, String path, String body, String idempotency)
            throws IOException, InterruptedException {
        Reply reply = send(method, path, body, idempotency);
        record(reply, 201);
        return reply.status() == 201 ? Optional.of(reply.json().path("id").asString())
                : Optional.empty();
    }

    private void record(Reply reply, int expected) {
        if (reply.status() != expected && errors.size() < 20) {
            errors.add(reply.status() + " " + reply.body());
        }
    }

    private Reply send(String method, String path, String body, String idempotency)
            throws IOException, InterruptedException {
        return send(method, path, body, idempotency, Map.of());
    }

    private Reply send(String method, String path, String body, String idempotency, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (idempotency != null) {
            request.header("Idempotency-Key", "crm-local-demo-" + idempotency);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers().firstValue("ETag").orElse(null));
    }

    private record Reply(int status, String body, String etag) {

        JsonNode json() {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        }
    }
}
