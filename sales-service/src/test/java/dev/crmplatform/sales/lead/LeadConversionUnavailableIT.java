package dev.crmplatform.sales.lead;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.sales.support.TenantJdbc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** customer-service down: nothing listens on its port, so connections are refused. */
@CrmIntegrationTest
class LeadConversionUnavailableIT {

    @DynamicPropertySource
    static void customerServiceIsDown(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        registry.add("crm.sales.customer-service.base-url", () -> "http://127.0.0.1:" + closedPort);
        registry.add("resilience4j.retry.instances.customer-service.wait-duration", () -> "50ms");
    }

    @LocalServerPort int port;
    @Autowired DataSource dataSource;

    @Test
    void aRefusedConnectionIs503AndLeavesTheLeadUnchanged() {
        TenantClient client = TenantClient.newTenant(port);
        Response created = client.post("/api/v1/leads", LeadApiIT.CANONICAL);
        String leadId = created.json().get("id").asString();

        Response response = client.post("/api/v1/leads/" + leadId + "/convert", "{}");

        assertProblem(response, 503, "service-unavailable");
        assertThat(response.json().get("detail").asString()).contains("could not be reached");
        Response lead = client.get("/api/v1/leads/" + leadId);
        assertThat(lead.json().get("status").asString()).isEqualTo("NEW");
        assertThat(lead.header("ETag")).isEqualTo("\"1\"");
        long opportunities = new TenantJdbc(dataSource).as(client.tenant(), jdbc -> jdbc
                .sql("select count(*) from opportunity where lead_id = :id").param("id", UUID.fromString(leadId))
                .query(Long.class).single());
        assertThat(opportunities).isZero();
    }

    @Test
    void aLeadWhoseCustomerIsInTheReplicaStillConvertsWhileCustomerServiceIsDown() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, client.tenant(), "Rae Plica", null, null);
        String leadId = client.post("/api/v1/leads", "{\"lastName\":\"Plica\",\"email\":\"rae.plica@example.com\"}")
                .json().get("id").asString();

        Response converted = client.post("/api/v1/leads/" + leadId + "/convert", "{}");

        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        assertThat(converted.json().get("customerId").asString()).isEqualTo(customer.toString());
    }
}
