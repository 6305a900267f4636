package dev.crmplatform.sales.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TopicRecorder;
import dev.crmplatform.sales.events.SalesEvents;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.SalesEventsRecorder;
import dev.crmplatform.sales.support.TenantClient;
import java.math.BigDecimal;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** order.placed, opportunity.won (from an accepted quote) and payment.received on Kafka, keyed by the customer. */
@CrmIntegrationTest
class OrderEventsIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    SalesEventsRecorder events;

    @BeforeEach
    void record() {
        events = new SalesEventsRecorder();
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void acceptingAQuotePublishesOrderPlacedAndOpportunityWonThenPaymentReceived() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Events Co", new BigDecimal("10000.00"), "EUR");
        String opportunity = DealsApi.opportunity(api, customer, "2400.00");
        String product = DealsApi.product(api, "PRO-1", "1200.00", "EUR");
        String quote = api.post("/api/v1/quotes", "{\"opportunityId\":\"" + opportunity + "\",\"lines\":[{\"productId\":\""
                + product + "\",\"quantity\":2}]}").json().get("id").asString();
        String order = api.post("/api/v1/quotes/" + quote + "/accept", null).json().get("id").asString();
        DealsApi.pay(api, order, "2400.00", "EUR");

        String key = customer.toString();
        ConsumerRecord<String, byte[]> placed = events.await(key, SalesEvents.ORDER_PLACED, 1).getFirst();
        JsonNode placedData = SalesEventsRecorder.payload(placed);
        assertThat(placedData.get("orderId").asString()).isEqualTo(order);
        assertThat(placedData.get("quoteId").asString()).isEqualTo(quote);
        assertThat(placedData.get("opportunityId").asString()).isEqualTo(opportunity);
        assertThat(placedData.at("/total/amount").asString()).isEqualTo("2400.00");
        assertThat(placedData.get("creditCheckOverridden").asBoolean()).isFalse();
        assertThat(TopicRecorder.header(placed, "ce_tenantid")).isEqualTo(api.tenant().toString());
        assertThat(TopicRecorder.header(placed, "ce_subject")).isEqualTo(key);

        JsonNode won = SalesEventsRecorder.payload(events.await(key, SalesEvents.OPPORTUNITY_WON, 1).getFirst());
        assertThat(won.get("opportunityId").asString()).isEqualTo(opportunity);
        assertThat(won.get("quoteId").asString()).isEqualTo(quote);
        assertThat(won.get("orderId").asString()).isEqualTo(order);
        assertThat(won.at("/amount/amount").asString()).isEqualTo("2400.00");

        JsonNode payment = SalesEventsRecorder.payload(events.await(key, SalesEvents.PAYMENT_RECEIVED, 1).getFirst());
        assertThat(payment.get("orderId").asString()).isEqualTo(order);
        assertThat(payment.at("/amount/amount").asString()).isEqualTo("2400.00");
        assertThat(payment.at("/paidTotal/amount").asString()).isEqualTo("2400.00");
        assertThat(payment.at("/outstanding/amount").asString()).isEqualTo("0.00");
        assertThat(payment.get("fullyPaid").asBoolean()).isTrue();

        assertThat(events.events(key)).extracting(SalesEventsRecorder::type).containsExactly(
                SalesEvents.OPPORTUNITY_STAGE_CHANGED, SalesEvents.ORDER_PLACED,
                SalesEvents.OPPORTUNITY_STAGE_CHANGED, SalesEvents.OPPORTUNITY_WON, SalesEvents.PAYMENT_RECEIVED);
    }

    @Test
    void anOverriddenCreditCheckIsFlaggedInOrderPlaced() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Override Co", new BigDecimal("10.00"), "EUR");
        String product = DealsApi.product(api, "PRO-1", "1200.00", "EUR");
        var response = api.post("/api/v1/orders", "{\"customerId\":\"" + customer + "\",\"lines\":[{\"productId\":\""
                + product + "\",\"quantity\":1}],\"overrideCreditCheck\":true,\"overrideReason\":\"CFO\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);

        JsonNode placed = SalesEventsRecorder.payload(
                events.await(customer.toString(), SalesEvents.ORDER_PLACED, 1).getFirst());
        assertThat(placed.get("creditCheckOverridden").asBoolean()).isTrue();
    }
}
