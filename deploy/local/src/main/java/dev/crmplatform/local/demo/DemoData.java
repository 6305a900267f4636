package dev.crmplatform.local.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.crmplatform.local.issuer.DemoTenant;

/**
 * {@code --demo-data}: fills the demo tenant through the gateway, exactly as a client would, with a token of the
 * dev issuer's {@code crm-cli} client (an ADMIN of the demo tenant, so the demo users see the data). Deterministic
 * (fixed seed) and idempotent: every create carries an {@code Idempotency-Key}, and a tenant that already has
 * customers is left alone, so a restart with the flag does not duplicate anything.
 *
 * <p>Customers here; the sales records follow in {@link SalesDemoData}.
 */
public final class DemoData {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FIRST = List.of("Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia",
            "James", "Isabella", "Lucas", "Mia", "Mateo", "Amelia", "Ethan", "Harper", "Aiden", "Evelyn", "Daniel",
            "Chloe", "Samuel", "Grace", "David", "Zoe", "Henry", "Nora", "Jack", "Lily", "Owen", "Hannah", "Leo",
            "Aisha", "Ravi", "Mei", "Kenji", "Fatima", "Carlos", "Ingrid", "Pierre", "Sofia", "Tomasz");
    private static final List<String> LAST = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor",
            "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker",
            "Young", "Allen", "King", "Nguyen", "Patel", "Kim", "Schmidt", "Rossi", "Novak", "Okafor", "Silva");
    private static final List<String> COMPANY_WORDS = List.of("Acme", "Globex", "Initech", "Umbrella", "Stark",
            "Wayne", "Hooli", "Vandelay", "Soylent", "Cyberdyne", "Tyrell", "Wonka", "Gringotts", "Oscorp", "Nakatomi",
            "Aperture", "Black Mesa", "Pied Piper", "Dunder", "Monarch");
    private static final List<String> COMPANY_SUFFIX = List.of("Inc", "LLC", "Group", "Labs", "Systems",
            "Holdings", "Partners", "Logistics", "Foods", "Retail");
    private static final List<String[]> CITIES = List.of(
            new String[] {"New York", "NY", "212", "100"}, new String[] {"San Francisco", "CA", "415", "941"},
            new String[] {"Chicago", "IL", "312", "606"}, new String[] {"Boston", "MA", "617", "021"},
            new String[] {"Seattle", "WA", "206", "981"}, new String[] {"Austin", "TX", "512", "787"},
            new String[] {"Denver", "CO", "303", "802"}, new String[] {"Atlanta", "GA", "404", "303"});
    private static final List<String> STAGES = List.of("SUBSCRIBER", "LEAD", "LEAD", "PROSPECT", "PROSPECT",
            "CUSTOMER", "CUSTOMER", "CUSTOMER", "DORMANT", "CHURNED");
    private static final List<String> TAGS = List.of("vip", "newsletter", "trade-show", "partner", "webinar",
            "referral", "enterprise", "smb", "priority", "renewal-2027");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String gatewayUrl;
    private final String tokenUri;

    public DemoData(String gatewayUrl, String tokenUri) {
        this.gatewayUrl = gatewayUrl;
        this.tokenUri = tokenUri;
    }

    public record Result(int created, int replayedOrFailed, boolean skipped, String firstError) {
    }

    /** Leads, opportunities, orders and contracts on the demo customers (after {@link #loadCustomers}). */
    public SalesDemoData.Result loadSales() throws IOException, InterruptedException {
        return new SalesDemoData(gatewayUrl, token()).load();
    }

    public Result loadCustomers(int count) throws IOException, InterruptedException {
        String token = token();
        HttpResponse<String> existing = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/customers?limit=1"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (existing.statusCode() != 200) {
            throw new IOException("GET /api/v1/customers answered " + existing.statusCode() + ": " + existing.body());
        }
        JsonNode items = JSON.readTree(existing.body()).get("items");
        if (items != null && !items.isEmpty()) {
            return new Result(0, 0, true, null);
        }
        Random random = new Random(20261124L);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(JSON.writeValueAsString(customer(i, random)));
        }
        AtomicInteger created = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        // A few requests in flight: fast enough, and well under the gateway's per-user rate limit.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(gatewayUrl + "/api/v1/customers"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "crm-local-demo-customer-" + n)
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(n))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 201) {
                        created.incrementAndGet();
                    } else {
                        other.incrementAndGet();
                        synchronized (errors) {
                            errors.add(response.statusCode() + " " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    other.incrementAndGet();
                    synchronized (errors) {
                        errors.add(String.valueOf(e.getCause()));
                    }
                }
            }
        }
        return new Result(created.get(), other.get(), false, errors.isEmpty() ? null : errors.getFirst());
    }

    static Map<String, Object> customer(int i, Random random) {
        String[] city = CITIES.get(random.nextInt(CITIES.size()));
        Map<String, Object> address = Map.of("type", "WORK", "line1", (100 + random.nextInt(9800)) + " "
                        + LAST.get(random.nextInt(LAST.size())) + " St", "city", city[0], "region", city[1],
                "postalCode", city[3] + String.format("%02d", random.nextInt(100)), "country", "US");
        // Exchange 2xx-9xx but never 555 or N11: numbers libphonenumber accepts as valid US numbers.
        int exchange = 200 + random.nextInt(800);
        if (exchange % 100 == 11 || exchange == 555) {
            exchange += 1;
        }
        String phone = "+1 " + city[2] + " " + exchange + " " + String.format("%04d", random.nextInt(10000));
        String stage = STAGES.get(random.nextInt(STAGES.size()));
        List<String> tags = random.nextInt(3) == 0 ? List.of(TAGS.get(random.nextInt(TAGS.size()))) : List.of();
        if (i % 5 == 4) {
            String name = COMPANY_WORDS.get(random.nextInt(COMPANY_WORDS.size())) + " "
                    + COMPANY_SUFFIX.get(random.nextInt(COMPANY_SUFFIX.size())) + " " + (i / 5 + 1);
            String domain = name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + ".example.com";
            return Map.of("type", "ORGANIZATION", "organizationName", name,
                    "emails", List.of(Map.of("address", "info@" + domain, "type", "WORK", "primary", true)),
                    "phones", List.of(Map.of("number", phone, "type", "WORK")),
                    "addresses", List.of(address), "lifecycleStage", stage, "tags", tags,
                    "creditLimit", Map.of("amount", (5 + random.nextInt(96)) * 1000 + ".00", "currency", "USD"));
        }
        String first = FIRST.get(random.nextInt(FIRST.size()));
        String last = LAST.get(random.nextInt(LAST.size()));
        String email = (first + "." + last + "." + i).toLowerCase() + "@example.org";
        return Map.of("type", "PERSON", "firstName", first, "lastName", last,
                "emails", List.of(Map.of("address", email, "type", "PERSONAL", "primary", true)),
                "phones", List.of(Map.of("number", phone, "type", "MOBILE")),
                "addresses", List.of(address), "lifecycleStage", stage, "tags", tags);
    }

    /** A token of the dev issuer's crm-cli client: an ADMIN of the demo tenant. */
    String token() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUri))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (DemoTenant.CLI_CLIENT + ":" + DemoTenant.CLI_SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the dev issuer refused a token: " + response.statusCode());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }
}
