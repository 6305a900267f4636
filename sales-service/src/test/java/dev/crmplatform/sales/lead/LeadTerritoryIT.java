package dev.crmplatform.sales.lead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Territories from configuration ({@code crm.sales.leads.assignment.territories}). */
@CrmIntegrationTest
@TestPropertySource(properties = {
        "crm.sales.leads.assignment.territories[0].name=nordics",
        "crm.sales.leads.assignment.territories[0].countries=SE,NO,DK",
        "crm.sales.leads.assignment.territories[0].reps=nils,nora",
        "crm.sales.leads.assignment.territories[1].name=energy",
        "crm.sales.leads.assignment.territories[1].industries=ENERGY",
        "crm.sales.leads.assignment.territories[1].reps=erik",
})
class LeadTerritoryIT {

    @LocalServerPort int port;

    @Test
    void aConfiguredTerritoryAssignsAmongItsActiveRepsByCountryThenIndustry() {
        TenantClient client = TenantClient.newTenant(port);
        for (String rep : List.of("nils", "nora", "erik", "general")) {
            assertThat(client.put("/api/v1/leads/assignment/reps/" + rep, "{}").status()).isEqualTo(201);
        }

        List<String> nordic = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nordic.add(owner(create(client, "{\"lastName\":\"N" + i + "\",\"country\":\"SE\",\"industry\":\"ENERGY\"}")));
        }
        // country before industry; fair among the territory's reps
        assertThat(nordic).containsExactlyInAnyOrder("nils/territory:nordics", "nils/territory:nordics",
                "nora/territory:nordics", "nora/territory:nordics");
        assertThat(owner(create(client, "{\"lastName\":\"E\",\"country\":\"FR\",\"industry\":\"ENERGY\"}")))
                .isEqualTo("erik/territory:energy");
        assertThat(owner(create(client, "{\"lastName\":\"F\",\"country\":\"FR\"}")))
                .isEqualTo("general/round-robin");

        // A territory without an active rep falls through to the next rule.
        client.put("/api/v1/leads/assignment/reps/erik", "{\"active\":false}");
        assertThat(owner(create(client, "{\"lastName\":\"G\",\"country\":\"FR\",\"industry\":\"ENERGY\"}")))
                .endsWith("/round-robin").doesNotStartWith("erik");
        // The territory's reps must be reps of the lead's tenant: another tenant without them gets round-robin.
        TenantClient other = TenantClient.newTenant(port);
        other.put("/api/v1/leads/assignment/reps/olga", "{}");
        assertThat(owner(create(other, "{\"lastName\":\"H\",\"country\":\"NO\"}"))).isEqualTo("olga/round-robin");
    }

    private static JsonNode create(TenantClient client, String body) {
        Response response = client.post("/api/v1/leads", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static String owner(JsonNode lead) {
        return lead.get("ownerId").asString() + "/" + lead.get("assignmentRule").asString();
    }
}
