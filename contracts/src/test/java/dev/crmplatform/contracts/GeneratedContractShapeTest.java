package dev.crmplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.contracts.customer.api.CustomerImportsApi;
import dev.crmplatform.contracts.customer.api.CustomersApi;
import dev.crmplatform.contracts.events.customer.CustomerCreated;
import dev.crmplatform.contracts.events.customer.CustomerMerged;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.InputStreamResource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the parts of the generated code that the pom's generator settings exist for, so a generator
 * upgrade or option change that silently undoes them fails here rather than in customer-service.
 */
class GeneratedContractShapeTest {

    @Test
    void csvImportBodyIsStreamedNotBuffered() {
        // Spring's ResourceHttpMessageConverter streams only into exactly InputStreamResource.
        assertThat(method(CustomerImportsApi.class, "startImport").getParameterTypes()[0])
                .isEqualTo(InputStreamResource.class);
    }

    @Test
    void mergePatchBodyArrivesAsRawJson() {
        // RFC 7396 needs "absent" and "null" told apart, which a generated POJO cannot do.
        assertThat(method(CustomersApi.class, "patchCustomer").getParameterTypes()).contains(JsonNode.class);
    }

    @Test
    void eventModelsIgnoreUnknownMembers() {
        JsonMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

        CustomerMerged merged = strict.readValue("""
                {"survivorId":"0191d5d2-8a4c-7b3e-9f10-2c3d4e5f6a7b","mergedId":"0191d5d2-8a4c-7b3e-9f10-2c3d4e5f6a7c",
                 "mergedAt":"2026-11-24T10:15:30Z","addedInV1Point1":{"x":1}}
                """, CustomerMerged.class);
        CustomerCreated created = strict.readValue("""
                {"customer":{"id":"0191d5d2-8a4c-7b3e-9f10-2c3d4e5f6a7b","type":"PERSON","displayName":"Alice Smith",
                 "emails":[{"address":"alice.smith@example.com","primary":true,"verified":true}],"phones":[],"addresses":[],
                 "lifecycleStage":"LEAD","tags":["vip"],"customFields":{},"status":"ACTIVE",
                 "createdAt":"2026-11-24T10:15:30Z","updatedAt":"2026-11-24T10:15:30Z","createdBy":"u1","updatedBy":"u1",
                 "version":1,"futureField":true}}
                """, CustomerCreated.class);

        assertThat(merged.getMergedAt()).isNotNull();
        assertThat(created.getCustomer().getEmails()).singleElement()
                .satisfies(e -> assertThat(e.getAddress()).isEqualTo("alice.smith@example.com"));
        assertThat(created.getCustomer().getVersion()).isEqualTo(1L);
    }

    @Test
    void publishedSpecsAreOnTheClasspath() {
        ClassLoader loader = getClass().getClassLoader();

        assertThat(loader.getResource("contracts/openapi/customer-v1.yaml")).isNotNull();
        assertThat(loader.getResource("contracts/events/customer-events-v1.yaml")).isNotNull();
        assertThat(loader.getResource("contracts/openapi/baseline/customer-v1.yaml")).isNull();
    }

    private static Method method(Class<?> api, String name) {
        return Arrays.stream(api.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }
}
