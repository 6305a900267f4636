package dev.crmplatform.sales.opportunity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TopicRecorder;
import dev.crmplatform.sales.events.SalesEvents;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.SalesEventsRecorder;
import dev.crmplatform.sales.support.TenantClient;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** opportunity.stage-changed on every stage change, opportunity.lost and opportunity.won, keyed by the customer. */
@CrmIntegrationTest
class OpportunityEventsIT {

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
    void everyStageChangeIsPublishedWithLostAndWonInVersionOrder() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Funnel Co", null, null);
        String id = DealsApi.opportunity(api, customer, "24000.00");
        String stage = "/api/v1/opportunities/" + id + "/stage";
        api.post(stage, "{\"stage\":\"QUALIFICATION\"}");
        api.post(stage, "{\"stage\":\"CLOSED_LOST\",\"lostReason\":\"PRICE\"}");
        api.post(stage, "{\"stage\":\"NEGOTIATION\"}");
        api.post(stage, "{\"stage\":\"CLOSED_WON\"}");

        String key = customer.toString();
        List<ConsumerRecord<String, byte[]>> changes = events.await(key, SalesEvents.OPPORTUNITY_STAGE_CHANGED, 5);
        assertThat(changes).extracting(r -> SalesEventsRecorder.payload(r).path("fromStage").asString("-") + ">"
                        + SalesEventsRecorder.payload(r).get("toStage").asString())
                .containsExactly("->PROSPECTING", "PROSPECTING>QUALIFICATION", "QUALIFICATION>CLOSED_LOST",
                        "CLOSED_LOST>NEGOTIATION", "NEGOTIATION>CLOSED_WON");
        assertThat(changes).extracting(r -> TopicRecorder.header(r, "ce_aggregateversion"))
                .containsExactly("1", "2", "3", "4", "5");
        JsonNode first = SalesEventsRecorder.payload(changes.getFirst());
        assertThat(first.get("opportunityId").asString()).isEqualTo(id);
        assertThat(first.at("/amount/amount").asString()).isEqualTo("24000.00");
        assertThat(first.get("expectedCloseDate").asString()).isEqualTo("2026-12-15");

        JsonNode lost = SalesEventsRecorder.payload(events.await(key, SalesEvents.OPPORTUNITY_LOST, 1).getFirst());
        assertThat(lost.get("lostReason").asString()).isEqualTo("PRICE");
        assertThat(lost.at("/amount/currency").asString()).isEqualTo("EUR");
        JsonNode won = SalesEventsRecorder.payload(events.await(key, SalesEvents.OPPORTUNITY_WON, 1).getFirst());
        assertThat(won.get("opportunityId").asString()).isEqualTo(id);
        assertThat(won.get("closedAt").asString()).isNotBlank();
        assertThat(events.events(key)).extracting(SalesEventsRecorder::type).containsExactly(
                SalesEvents.OPPORTUNITY_STAGE_CHANGED, SalesEvents.OPPORTUNITY_STAGE_CHANGED,
                SalesEvents.OPPORTUNITY_STAGE_CHANGED, SalesEvents.OPPORTUNITY_LOST,
                SalesEvents.OPPORTUNITY_STAGE_CHANGED, SalesEvents.OPPORTUNITY_STAGE_CHANGED,
                SalesEvents.OPPORTUNITY_WON);
    }

    @Test
    void aRejectedStageChangePublishesNothing() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Quiet Co", null, null);
        String id = DealsApi.opportunity(api, customer, "10.00");
        api.post("/api/v1/opportunities/" + id + "/stage", "{\"stage\":\"CLOSED_LOST\"}");
        api.post("/api/v1/opportunities/" + id + "/stage", "{\"stage\":\"PROPOSAL\"}");

        List<ConsumerRecord<String, byte[]>> changes = events.await(customer.toString(),
                SalesEvents.OPPORTUNITY_STAGE_CHANGED, 2);
        assertThat(changes).hasSize(2);
        assertThat(events.ofType(customer.toString(), SalesEvents.OPPORTUNITY_LOST)).isEmpty();
    }
}
