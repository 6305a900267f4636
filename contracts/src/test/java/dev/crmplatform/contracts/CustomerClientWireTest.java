package dev.crmplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;

import dev.crmplatform.contracts.customer.client.ApiClient;
import dev.crmplatform.contracts.customer.client.api.CustomerImportsApi;
import dev.crmplatform.contracts.customer.client.api.CustomersApi;
import dev.crmplatform.contracts.customer.client.model.Customer;
import dev.crmplatform.contracts.customer.client.model.CustomerStatus;
import dev.crmplatform.contracts.customer.client.model.ImportJob;
import dev.crmplatform.contracts.customer.client.model.ImportStatus;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the generated RestClient client puts on the wire for the two unusual bodies (merge patch and
 * CSV), checked against a mock server (no network).
 */
class CustomerClientWireTest {

    private static final UUID ID = UUID.fromString("0191d5d2-8a4c-7b3e-9f10-2c3d4e5f6a7b");
    private static final String CUSTOMER_JSON = """
            {"id":"%s","type":"PERSON","displayName":"Alice Smith","emails":[],"phones":[],"addresses":[],
             "lifecycleStage":"PROSPECT","tags":[],"customFields":{},"status":"ACTIVE",
             "createdAt":"2026-11-24T10:15:30Z","updatedAt":"2026-11-24T10:16:30Z","createdBy":"u1","updatedBy":"u1",
             "version":2,"memberAddedLater":"ignored"}
            """.formatted(ID);

    private MockRestServiceServer server;
    private ApiClient apiClient;

    @BeforeEach
    void client() {
        JsonMapper mapper = ApiClient.createDefaultMapper(null);
        RestClient.Builder builder = ApiClient.buildRestClientBuilder(mapper);
        server = MockRestServiceServer.bindTo(builder).build();
        apiClient = new ApiClient(builder.build(), mapper, ApiClient.createDefaultDateFormat());
        apiClient.setBasePath("http://customer-service");
    }

    @Test
    void patchSendsOnlyTheMembersTheCallerSet() {
        ObjectNode patch = JsonNodeFactory.instance.objectNode().put("lifecycleStage", "PROSPECT").putNull("ownerId");
        server.expect(requestTo("http://customer-service/api/v1/customers/" + ID))
                .andExpect(method(HttpMethod.PATCH))
                .andExpect(header("Content-Type", "application/merge-patch+json"))
                .andExpect(header("If-Match", "\"1\""))
                .andExpect(content().json("{\"lifecycleStage\":\"PROSPECT\",\"ownerId\":null}", JsonCompareMode.STRICT))
                .andRespond(withStatus(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON).body(CUSTOMER_JSON));

        Customer customer = new CustomersApi(apiClient).patchCustomer(ID, patch, "\"1\"");

        server.verify();
        assertThat(customer.getVersion()).isEqualTo(2L);
        assertThat(customer.getStatus()).isEqualTo(CustomerStatus.ACTIVE);
    }

    @Test
    void csvImportSendsTheResourceAsTextCsv() {
        String csv = "type,firstName,lastName,organizationName,email,phone,lifecycleStage,tags\n"
                + "PERSON,Alice,Smith,,alice@example.com,+1 415 555 0100,LEAD,vip|newsletter\n";
        UUID jobId = UUID.randomUUID();
        server.expect(requestTo("http://customer-service/api/v1/customers/imports"))
                .andExpect(method(HttpMethod.POST))
                .andExpect(header("Content-Type", "text/csv"))
                .andExpect(content().string(csv))
                .andRespond(withStatus(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body("""
                        {"id":"%s","status":"QUEUED","processed":0,"created":0,"updated":0,"skippedDuplicates":0,
                         "failed":0,"errors":[],"errorsTruncated":false,"createdAt":"2026-11-24T10:15:30Z","createdBy":"u1"}
                        """.formatted(jobId)));

        ImportJob job = new CustomerImportsApi(apiClient)
                .startImport(new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)), null, null);

        server.verify();
        assertThat(job.getId()).isEqualTo(jobId);
        assertThat(job.getStatus()).isEqualTo(ImportStatus.QUEUED);
    }
}
