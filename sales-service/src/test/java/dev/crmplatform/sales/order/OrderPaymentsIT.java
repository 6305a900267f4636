package dev.crmplatform.sales.order;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Payments against orders: no overpayment, and a fully paid order stops counting toward exposure. */
@CrmIntegrationTest
class OrderPaymentsIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void theCanonicalPaymentPaysTheOrderInFull() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Pay Co", new BigDecimal("5000.00"), "EUR");
        String product = DealsApi.product(api, "PRO-1", "1200.00", "EUR");
        String order = DealsApi.placedOrder(api, customer, product, 2, "1200.00");

        Response paid = api.post("/api/v1/orders/" + order + "/payments", "{\"amount\":{\"amount\":\"2400.00\",\"currency\":\"EUR\"}}");

        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(paid.json().at("/amount/amount").asString()).isEqualTo("2400.00");
        assertThat(paid.header("Location")).isEqualTo("/api/v1/orders/" + order + "/payments/" + paid.json().get("id").asString());
        JsonNode after = api.get("/api/v1/orders/" + order).json();
        assertThat(after.get("fullyPaid").asBoolean()).isTrue();
        assertThat(after.at("/paidTotal/amount").asString()).isEqualTo("2400.00");
        assertThat(after.at("/outstanding/amount").asString()).isEqualTo("0.00");
        assertThat(after.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void overpaymentIsRejectedAndPartialPaymentsAddUp() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Over Co", null, null);
        String product = DealsApi.product(api, "PRO-1", "100.00", "EUR");
        String order = DealsApi.placedOrder(api, customer, product, 1, "100.00");

        Response overshoot = DealsApi.pay(api, order, "100.01", "EUR");
        assertProblem(overshoot, 422, "overpayment");
        assertThat(overshoot.json().at("/outstanding/amount").asString()).isEqualTo("100.00");

        assertThat(DealsApi.pay(api, order, "60.00", "EUR").status()).isEqualTo(201);
        assertProblem(DealsApi.pay(api, order, "40.01", "EUR"), 422, "overpayment");
        assertThat(DealsApi.pay(api, order, "40.00", "EUR").status()).isEqualTo(201);
        assertProblem(DealsApi.pay(api, order, "0.01", "EUR"), 422, "overpayment");

        List<String> amounts = new ArrayList<>();
        api.get("/api/v1/orders/" + order + "/payments").json().get("items")
                .forEach(p -> amounts.add(p.at("/amount/amount").asString()));
        assertThat(amounts).containsExactly("60.00", "40.00");
        JsonNode page = api.get("/api/v1/orders/" + order + "/payments?limit=1").json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(api.get("/api/v1/orders/" + order + "/payments?limit=1&cursor=" + page.get("nextCursor").asString())
                .json().at("/items/0/amount/amount").asString()).isEqualTo("40.00");
        assertThat(api.get("/api/v1/orders/" + order).json().get("fullyPaid").asBoolean()).isTrue();
    }

    @Test
    void payingAnOrderClearsItsExposure() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Clear Co", new BigDecimal("2400.00"), "EUR");
        String product = DealsApi.product(api, "PRO-1", "1200.00", "EUR");
        String order = DealsApi.placedOrder(api, customer, product, 2, "1200.00");
        assertProblem(DealsApi.order(api, customer, product, 1, "0.01"), 422, "credit-limit-exceeded");

        DealsApi.pay(api, order, "1000.00", "EUR");
        // Partly paid: only the outstanding 1400.00 counts.
        Response partial = DealsApi.order(api, customer, product, 1, "1000.01");
        assertProblem(partial, 422, "credit-limit-exceeded");
        assertThat(partial.json().at("/exposure/amount").asString()).isEqualTo("1400.00");

        DealsApi.pay(api, order, "1400.00", "EUR");
        Response again = DealsApi.order(api, customer, product, 2, "1200.00");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
    }

    @Test
    void wrongCurrencyCancelledOrdersAndNonPositiveAmountsAreRejected() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Rules Co", null, null);
        String product = DealsApi.product(api, "PRO-1", "100.00", "EUR");
        String order = DealsApi.placedOrder(api, customer, product, 1, "100.00");
        String cancelled = DealsApi.placedOrder(api, customer, product, 1, "100.00");
        api.post("/api/v1/orders/" + cancelled + "/cancel", null);

        assertProblem(DealsApi.pay(api, order, "10.00", "USD"), 422, "currency-mismatch");
        assertProblem(DealsApi.pay(api, cancelled, "10.00", "EUR"), 422, "order-cancelled");
        assertProblem(DealsApi.pay(api, order, "0.00", "EUR"), 400, "validation-failed");
        assertProblem(DealsApi.pay(api, order, "-5.00", "EUR"), 400, "validation-failed");
        assertProblem(DealsApi.pay(api, order, "1.00", "euro"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders/" + order + "/payments", "{}"), 400, "validation-failed");
        assertProblem(DealsApi.pay(api, UUID.randomUUID().toString(), "1.00", "EUR"), 404, "not-found");

        DealsApi.pay(api, order, "10.00", "EUR");
        assertProblem(api.post("/api/v1/orders/" + order + "/cancel", null), 422, "order-status");
    }
}
