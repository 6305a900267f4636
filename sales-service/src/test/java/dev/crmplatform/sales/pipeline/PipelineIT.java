package dev.crmplatform.sales.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class PipelineIT {

    @LocalServerPort
    int port;

    @Test
    void theDefaultPipelineListsTheStagesInOrderWithTheirProbabilities() {
        Response response = TenantClient.newTenant(port).get("/api/v1/pipelines/default");

        assertThat(response.status()).isEqualTo(200);
        List<String> stages = new ArrayList<>();
        for (JsonNode stage : response.json().get("stages")) {
            stages.add(stage.get("stage").asString() + "=" + stage.get("probability").asInt());
        }
        assertThat(stages).containsExactly("PROSPECTING=10", "QUALIFICATION=20", "PROPOSAL=50", "NEGOTIATION=75",
                "CLOSED_WON=100", "CLOSED_LOST=0");
    }

    @Test
    void readingNeedsTheSalesReadScope() {
        Response response = TenantClient.forTenant(port, UUID.randomUUID(), Set.of("customers:read"))
                .get("/api/v1/pipelines/default");

        assertThat(response.status()).isEqualTo(403);
    }
}
