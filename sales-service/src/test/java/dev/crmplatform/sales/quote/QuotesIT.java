package dev.crmplatform.sales.quote;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.sales.support.TenantSql;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class QuotesIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    record Deal(TenantClient api, UUID customer, String opportunity, String pro, String addon) {
    }

    private Deal deal(BigDecimal creditLimit) {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Quote Co", creditLimit, "EUR");
        String opportunity = DealsApi.opportunity(api, customer, "24000.00");
        String pro = DealsApi.product(api, "PRO-1", "1200.00", "EUR");
        String addon = DealsApi.product(api, "ADD-1", "33.333", "EUR");
        return new Deal(api, customer, opportunity, pro, addon);
    }

    private static Response quote(Deal d, String linesJson) {
        return d.api().post("/api/v1/quotes", "{\"opportunityId\":\"" + d.opportunity() + "\",\"lines\":" + linesJson + "}");
    }

    @Test
    void totalsAreComputedServerSideWithHalfEvenRoundingPerLine() {
        Deal d = deal(null);

        Response created = quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":20,\"discountPercent\":10,\"taxRate\":19},"
                + "{\"productId\":\"" + d.addon() + "\",\"quantity\":1.5,\"discountPercent\":12.5,\"taxRate\":19},"
                + "{\"productId\":\"" + d.pro() + "\",\"quantity\":1,\"unitPrice\":" + DealsApi.money("0.125", "EUR") + "}]");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode q = created.json();
        assertThat(created.header("Location")).isEqualTo("/api/v1/quotes/" + q.get("id").asString());
        assertThat(q.get("quoteVersion").asInt()).isEqualTo(1);
        assertThat(q.get("status").asString()).isEqualTo("OPEN");
        assertThat(q.get("currency").asString()).isEqualTo("EUR");
        assertThat(q.get("validUntil").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(30).toString());
        JsonNode lines = q.get("lines");
        // 20 × 1200.00 = 24000.00, -10% = 2400.00, net 21600.00, +19% = 4104.00 → 25704.00
        assertThat(lines.get(0).at("/unitPrice/amount").asString()).isEqualTo("1200.00");
        assertThat(lines.get(0).get("description").asString()).isEqualTo("Product PRO-1");
        assertThat(lines.get(0).at("/total/amount").asString()).isEqualTo("25704.00");
        // 1.5 × 33.333 = 49.9995 → 50.00, -12.5% = 6.25, net 43.75, +19% = 8.3125 → 8.31 → 52.06
        assertThat(lines.get(1).at("/lineSubtotal/amount").asString()).isEqualTo("50.00");
        assertThat(lines.get(1).at("/discountAmount/amount").asString()).isEqualTo("6.25");
        assertThat(lines.get(1).at("/netAmount/amount").asString()).isEqualTo("43.75");
        assertThat(lines.get(1).at("/taxAmount/amount").asString()).isEqualTo("8.31");
        assertThat(lines.get(1).at("/total/amount").asString()).isEqualTo("52.06");
        // 1 × 0.125 → 0.12 (half-even)
        assertThat(lines.get(2).at("/total/amount").asString()).isEqualTo("0.12");
        assertThat(q.at("/subtotal/amount").asString()).isEqualTo("24050.12");
        assertThat(q.at("/discountTotal/amount").asString()).isEqualTo("2406.25");
        assertThat(q.at("/taxTotal/amount").asString()).isEqualTo("4112.31");
        assertThat(q.at("/total/amount").asString()).isEqualTo("25756.18");
    }

    @Test
    void eachNewQuoteIsTheNextVersionAndSupersedesTheOpenOnes() {
        Deal d = deal(null);
        String line = "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]";
        String v1 = quote(d, line).json().get("id").asString();
        String v2 = quote(d, line).json().get("id").asString();
        Response third = quote(d, line);

        assertThat(third.json().get("quoteVersion").asInt()).isEqualTo(3);
        assertThat(d.api().get("/api/v1/quotes/" + v1).json().get("status").asString()).isEqualTo("SUPERSEDED");
        assertThat(d.api().get("/api/v1/quotes/" + v2).json().get("status").asString()).isEqualTo("SUPERSEDED");
        List<Integer> versions = new ArrayList<>();
        d.api().get("/api/v1/quotes?opportunityId=" + d.opportunity() + "&sort=-quoteVersion").json().get("items")
                .forEach(q -> versions.add(q.get("quoteVersion").asInt()));
        assertThat(versions).containsExactly(3, 2, 1);
        assertThat(d.api().get("/api/v1/quotes?opportunityId=" + d.opportunity() + "&status=OPEN").json().get("items"))
                .hasSize(1);

        assertProblem(d.api().post("/api/v1/quotes/" + v1 + "/accept", null), 422, "quote-superseded");
    }

    @Test
    void acceptingCreatesTheOrderAndWinsTheOpportunityOnce() {
        Deal d = deal(new BigDecimal("100000.00"));
        String quoteId = quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":2}]").json().get("id").asString();

        Response accepted = d.api().post("/api/v1/quotes/" + quoteId + "/accept", null);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        JsonNode order = accepted.json();
        String orderId = order.get("id").asString();
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/orders/" + orderId);
        assertThat(order.get("status").asString()).isEqualTo("PLACED");
        assertThat(order.get("quoteId").asString()).isEqualTo(quoteId);
        assertThat(order.get("opportunityId").asString()).isEqualTo(d.opportunity());
        assertThat(order.at("/total/amount").asString()).isEqualTo("2400.00");
        assertThat(order.get("lines")).hasSize(1);
        JsonNode quote = d.api().get("/api/v1/quotes/" + quoteId).json();
        assertThat(quote.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(quote.get("orderId").asString()).isEqualTo(orderId);
        JsonNode opportunity = d.api().get("/api/v1/opportunities/" + d.opportunity()).json();
        assertThat(opportunity.get("stage").asString()).isEqualTo("CLOSED_WON");
        assertThat(opportunity.get("probability").asInt()).isEqualTo(100);

        Response again = d.api().post("/api/v1/quotes/" + quoteId + "/accept", "{}");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(orderId);
        Response viaOrders = d.api().post("/api/v1/orders", "{\"quoteId\":\"" + quoteId + "\"}");
        assertThat(viaOrders.status()).isEqualTo(200);
        assertThat(viaOrders.json().get("id").asString()).isEqualTo(orderId);
        assertThat(d.api().get("/api/v1/orders?customerId=" + d.customer()).json().get("items")).hasSize(1);
        assertProblem(d.api().post("/api/v1/quotes", "{\"opportunityId\":\"" + d.opportunity()
                + "\",\"lines\":[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]}"), 422, "opportunity-closed");
    }

    @Test
    void anOrderCanBePlacedFromAQuoteThroughTheOrdersEndpoint() {
        Deal d = deal(null);
        String quoteId = quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]").json().get("id").asString();

        Response order = d.api().post("/api/v1/orders", "{\"quoteId\":\"" + quoteId + "\"}");

        assertThat(order.status()).as(order.body()).isEqualTo(201);
        assertThat(order.json().get("quoteId").asString()).isEqualTo(quoteId);
        assertThat(d.api().get("/api/v1/opportunities/" + d.opportunity()).json().get("stage").asString())
                .isEqualTo("CLOSED_WON");
        assertProblem(d.api().post("/api/v1/orders", "{\"quoteId\":\"" + quoteId + "\",\"customerId\":\""
                + d.customer() + "\"}"), 400, "validation-failed");
    }

    @Test
    void anExpiredQuoteCannotBeAccepted() {
        Deal d = deal(null);
        String quoteId = quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]").json().get("id").asString();
        TenantSql.as(dataSource, d.api().tenant(), jdbc -> jdbc.sql("update quote set valid_until = current_date - 1 where id = :id")
                .param("id", UUID.fromString(quoteId)).update());

        assertThat(d.api().get("/api/v1/quotes/" + quoteId).json().get("expired").asBoolean()).isTrue();
        assertProblem(d.api().post("/api/v1/quotes/" + quoteId + "/accept", null), 422, "quote-expired");
        assertThat(d.api().get("/api/v1/opportunities/" + d.opportunity()).json().get("stage").asString())
                .isEqualTo("PROSPECTING");
        assertProblem(d.api().post("/api/v1/quotes", "{\"opportunityId\":\"" + d.opportunity()
                + "\",\"validUntil\":\"2020-01-01\",\"lines\":[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]}"),
                400, "validation-failed");
    }

    @Test
    void aFailedCreditCheckOnAcceptChangesNothing() {
        Deal d = deal(new BigDecimal("1000.00"));
        String quoteId = quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]").json().get("id").asString();

        assertProblem(d.api().post("/api/v1/quotes/" + quoteId + "/accept", null), 422, "credit-limit-exceeded");

        assertThat(d.api().get("/api/v1/quotes/" + quoteId).json().get("status").asString()).isEqualTo("OPEN");
        assertThat(d.api().get("/api/v1/opportunities/" + d.opportunity()).json().get("stage").asString())
                .isEqualTo("PROSPECTING");
        Response overridden = d.api().post("/api/v1/quotes/" + quoteId + "/accept",
                "{\"overrideCreditCheck\":true,\"overrideReason\":\"Board approved\"}");
        assertThat(overridden.status()).as(overridden.body()).isEqualTo(201);
        assertThat(overridden.json().get("creditOverrideReason").asString()).isEqualTo("Board approved");
    }

    @Test
    void pricingRulesAndBadInputsAreProblems() {
        Deal d = deal(null);
        String usd = DealsApi.product(d.api(), "USD-1", "10.00", "USD");
        String retired = DealsApi.product(d.api(), "OLD-1", "10.00", "EUR");
        d.api().patch("/api/v1/products/" + retired, "{\"active\":false}", "\"1\"");

        assertProblem(quote(d, "[{\"productId\":\"" + usd + "\",\"quantity\":1}]"), 422, "currency-mismatch");
        assertProblem(quote(d, "[{\"productId\":\"" + retired + "\",\"quantity\":1}]"), 422, "product-inactive");
        assertProblem(quote(d, "[{\"productId\":\"" + UUID.randomUUID() + "\",\"quantity\":1}]"), 422, "business-rule-violated");
        assertProblem(quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":0}]"), 400, "validation-failed");
        assertProblem(quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1,\"discountPercent\":101}]"), 400, "validation-failed");
        assertProblem(quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1,\"taxRate\":-1}]"), 400, "validation-failed");
        assertProblem(quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1.123456}]"), 400, "validation-failed");
        assertProblem(quote(d, "[{\"quantity\":1}]"), 400, "validation-failed");
        assertProblem(quote(d, "[]"), 400, "validation-failed");
        assertProblem(quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":\"lots\"}]"), 400, "invalid-value");
        assertProblem(d.api().post("/api/v1/quotes", "{\"opportunityId\":\"" + UUID.randomUUID()
                + "\",\"lines\":[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]}"), 422, "business-rule-violated");
        assertProblem(d.api().post("/api/v1/quotes/" + UUID.randomUUID() + "/accept", null), 404, "not-found");
    }

    @Test
    void anotherTenantsQuoteIsNotFound() {
        Deal d = deal(null);
        String quoteId = quote(d, "[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]").json().get("id").asString();
        TenantClient other = TenantClient.newTenant(port);

        assertProblem(other.get("/api/v1/quotes/" + quoteId), 404, "not-found");
        assertProblem(other.post("/api/v1/quotes/" + quoteId + "/accept", null), 404, "not-found");
        assertThat(other.get("/api/v1/quotes?opportunityId=" + d.opportunity()).json().get("items")).isEmpty();
        assertProblem(other.post("/api/v1/quotes", "{\"opportunityId\":\"" + d.opportunity()
                + "\",\"lines\":[{\"productId\":\"" + d.pro() + "\",\"quantity\":1}]}"), 422, "business-rule-violated");
    }
}
