package dev.crmplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.crmplatform.contracts.customer.api.CustomerImportsApi;
import dev.crmplatform.contracts.customer.api.CustomerTagsApi;
import dev.crmplatform.contracts.customer.api.CustomersApi;
import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.contracts.customer.model.CustomerCreateRequest;
import dev.crmplatform.contracts.customer.model.CustomerPage;
import dev.crmplatform.contracts.customer.model.CustomerStatus;
import dev.crmplatform.contracts.customer.model.CustomerType;
import dev.crmplatform.contracts.customer.model.ImportJob;
import dev.crmplatform.contracts.customer.model.ImportMatchPolicy;
import dev.crmplatform.contracts.customer.model.ImportStatus;
import dev.crmplatform.contracts.customer.model.LifecycleStage;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.validation.beanvalidation.MethodValidationInterceptor;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.JsonNode;

/**
 * Drives the generated server interfaces through Spring MVC (MockMvc, no server, no I/O) with a stub
 * controller, to prove the request mapping the spec produces: merge patch arrives as a JSON tree with
 * nulls kept, the CSV body reaches the controller as a stream, a 200-with-body DELETE honours
 * {@code Accept: application/json}, and the spec's constraints on parameters and bodies are enforced.
 */
class GeneratedServerMvcTest {

    private static final UUID ID = UUID.fromString("0191d5d2-8a4c-7b3e-9f10-2c3d4e5f6a7b");

    private final StubController controller = new StubController();
    private MockMvc mvc;

    @BeforeEach
    void mvc() {
        // Explicit validator: without jakarta.el on the classpath the default one would silently be a no-op.
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.setMessageInterpolator(new ParameterMessageInterpolator());
        validator.afterPropertiesSet();
        // The generated interfaces carry @Validated, which turns off Spring MVC's built-in method validation;
        // in an application Boot's MethodValidationPostProcessor proxies the controller instead and throws
        // ConstraintViolationException for bad path/query/header values. Reproduce that proxy here.
        ProxyFactory proxy = new ProxyFactory(controller);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(new MethodValidationInterceptor((jakarta.validation.Validator) validator));
        mvc = MockMvcBuilders.standaloneSetup(proxy.getProxy())
                .setValidator(validator)
                .setControllerAdvice(new ConstraintViolationAdvice())
                .build();
    }

    @Test
    void mergePatchKeepsExplicitNullsAndAbsentMembersApart() throws Exception {
        mvc.perform(patch("/api/v1/customers/{id}", ID)
                        .contentType("application/merge-patch+json")
                        .accept(MediaType.APPLICATION_JSON)
                        .header("If-Match", "\"1\"")
                        .content("{\"lifecycleStage\":\"PROSPECT\",\"ownerId\":null}"))
                .andExpect(status().isOk());

        JsonNode patch = controller.lastPatch.get();
        assertThat(patch.has("ownerId")).isTrue();
        assertThat(patch.get("ownerId").isNull()).isTrue();
        assertThat(patch.has("firstName")).isFalse();
    }

    @Test
    void plainJsonIsNotAcceptedForPatch() throws Exception {
        mvc.perform(patch("/api/v1/customers/{id}", ID)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("If-Match", "\"1\"")
                        .content("{}"))
                .andExpect(status().isUnsupportedMediaType());
    }

    @Test
    void csvBodyReachesTheControllerAsAStream() throws Exception {
        String csv = "type,firstName,lastName,organizationName,email,phone,lifecycleStage,tags\nPERSON,Alice,Smith,,a@example.com,,LEAD,vip\n";

        mvc.perform(post("/api/v1/customers/imports")
                        .contentType("text/csv")
                        .accept(MediaType.APPLICATION_JSON)
                        .content(csv))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("QUEUED"));

        assertThat(controller.lastCsv.get()).isEqualTo(csv);
    }

    @Test
    void archiveAnswersJsonClients() throws Exception {
        mvc.perform(delete("/api/v1/customers/{id}", ID).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ARCHIVED"));
    }

    @Test
    void createValidatesTheBodyAgainstTheSpecConstraints() throws Exception {
        mvc.perform(post("/api/v1/customers")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(CanonicalExamplesTest.ALICE))
                .andExpect(status().isCreated());

        mvc.perform(post("/api/v1/customers")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(CanonicalExamplesTest.ALICE.replace("5000.00", "-5000.00")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void pathParameterConstraintsAreEnforced() throws Exception {
        mvc.perform(put("/api/v1/customers/{id}/tags/{tag}", ID, "vip")).andExpect(status().isOk());
        mvc.perform(put("/api/v1/customers/{id}/tags/{tag}", ID, "Not A Tag")).andExpect(status().isBadRequest());
        mvc.perform(put("/api/v1/customers/{id}/tags/{tag}", "not-a-uuid", "vip")).andExpect(status().isBadRequest());
    }

    /** Stands in for the platform's problem advice, which must map this to 400 validation-failed. */
    @RestControllerAdvice
    static class ConstraintViolationAdvice {
        @ExceptionHandler(ConstraintViolationException.class)
        ResponseEntity<Void> badRequest() {
            return ResponseEntity.badRequest().build();
        }
    }

    /** Just enough of an implementation to observe what the generated mappings hand over. */
    @RestController
    static class StubController implements CustomersApi, CustomerImportsApi, CustomerTagsApi {

        final AtomicReference<JsonNode> lastPatch = new AtomicReference<>();
        final AtomicReference<String> lastCsv = new AtomicReference<>();

        @Override
        public ResponseEntity<Customer> createCustomer(CustomerCreateRequest request, Boolean allowDuplicate, String idempotencyKey) {
            return ResponseEntity.status(HttpStatus.CREATED).body(customer(CustomerStatus.ACTIVE));
        }

        @Override
        public ResponseEntity<dev.crmplatform.contracts.customer.model.CustomerHistoryPage> listCustomerHistory(
                UUID id, Integer limit, String cursor) {
            return ResponseEntity.ok(new dev.crmplatform.contracts.customer.model.CustomerHistoryPage());
        }

        @Override
        public ResponseEntity<Customer> getCustomer(UUID id) {
            return ResponseEntity.ok(customer(CustomerStatus.ACTIVE));
        }

        @Override
        public ResponseEntity<Customer> patchCustomer(UUID id, JsonNode patch, String ifMatch) {
            lastPatch.set(patch);
            return ResponseEntity.ok(customer(CustomerStatus.ACTIVE));
        }

        @Override
        public ResponseEntity<Customer> archiveCustomer(UUID id, String ifMatch) {
            return ResponseEntity.ok(customer(CustomerStatus.ARCHIVED));
        }

        @Override
        public ResponseEntity<CustomerPage> listCustomers(Integer limit, String cursor, String sort, String q,
                LifecycleStage lifecycleStage, String tag, String ownerId, CustomerType type,
                OffsetDateTime updatedSince, Boolean includeArchived) {
            return ResponseEntity.ok(new CustomerPage());
        }

        @Override
        public ResponseEntity<ImportJob> startImport(InputStreamResource csv, ImportMatchPolicy onMatch, String idempotencyKey) {
            try (InputStream in = csv.getInputStream()) {
                lastCsv.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ResponseEntity.accepted().body(new ImportJob().id(UUID.randomUUID()).status(ImportStatus.QUEUED));
        }

        @Override
        public ResponseEntity<ImportJob> getImport(UUID importId) {
            return ResponseEntity.notFound().build();
        }

        @Override
        public ResponseEntity<Customer> addCustomerTag(UUID id, String tag, String ifMatch) {
            return ResponseEntity.ok(customer(CustomerStatus.ACTIVE));
        }

        @Override
        public ResponseEntity<Customer> removeCustomerTag(UUID id, String tag, String ifMatch) {
            return ResponseEntity.ok(customer(CustomerStatus.ACTIVE));
        }

        private static Customer customer(CustomerStatus status) {
            return new Customer().id(ID).type(CustomerType.PERSON).displayName("Alice Smith")
                    .lifecycleStage(LifecycleStage.LEAD).status(status).version(1L);
        }
    }
}
