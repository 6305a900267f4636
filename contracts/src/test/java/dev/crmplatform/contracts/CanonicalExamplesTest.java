package dev.crmplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.contracts.customer.model.ConsentUpdateRequest;
import dev.crmplatform.contracts.customer.model.CustomerCreateRequest;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request examples of issue 2 are a public contract: they must stay valid against the spec. They are
 * checked the way the server will check them: strict JSON binding into the generated request models,
 * then the models' Bean Validation constraints (generated from the spec's schemas). The examples embedded
 * in the spec itself get the same treatment, and a few invalid variants prove the constraints bite.
 */
class CanonicalExamplesTest {

    static final String ALICE = """
            {"type":"PERSON","firstName":"Alice","lastName":"Smith",
             "emails":[{"address":"Alice.Smith@Example.com","primary":true}],
             "phones":[{"number":"+1 415 555 0100","type":"MOBILE"}],
             "lifecycleStage":"LEAD","tags":["vip"],"creditLimit":{"amount":"5000.00","currency":"EUR"}}
            """;
    static final String ACME = """
            {"type":"ORGANIZATION","organizationName":"Acme GmbH","emails":[{"address":"info@acme.example","primary":true}]}
            """;
    static final String EMAIL_MARKETING_CONSENT = """
            {"channel":"EMAIL","purpose":"MARKETING","status":"GRANTED","source":"web-form"}
            """;

    /** Unknown members fail here so a renamed field cannot slip through as "ignored". */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static ValidatorFactory validatorFactory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        validatorFactory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = validatorFactory.getValidator();
    }

    @AfterAll
    static void close() {
        validatorFactory.close();
    }

    @Test
    void canonicalPersonIsValid() {
        CustomerCreateRequest alice = STRICT.readValue(ALICE, CustomerCreateRequest.class);

        assertThat(violations(alice)).isEmpty();
        assertThat(alice.getEmails()).singleElement().satisfies(e -> assertThat(e.getPrimary()).isTrue());
        assertThat(alice.getCreditLimit().getAmount()).isEqualTo("5000.00");
    }

    @Test
    void canonicalOrganizationIsValid() {
        assertThat(violations(STRICT.readValue(ACME, CustomerCreateRequest.class))).isEmpty();
    }

    @Test
    void canonicalConsentIsValid() {
        assertThat(violations(STRICT.readValue(EMAIL_MARKETING_CONSENT, ConsentUpdateRequest.class))).isEmpty();
    }

    @Test
    void everyJsonRequestExampleInTheSpecIsValid() throws Exception {
        OpenAPI api = new OpenAPIV3Parser().read(
                Path.of(System.getProperty("basedir", ".")).resolve("openapi/customer-v1.yaml").toUri().toString());
        List<String> checked = new ArrayList<>();
        for (var path : api.getPaths().values()) {
            for (Operation op : path.readOperations()) {
                RequestBody body = op.getRequestBody();
                MediaType json = body == null || body.getContent() == null ? null : body.getContent().get("application/json");
                if (json == null || json.getExamples() == null) {
                    continue;
                }
                String schema = json.getSchema().get$ref().substring("#/components/schemas/".length());
                Class<?> model = Class.forName("dev.crmplatform.contracts.customer.model." + schema);
                for (var example : json.getExamples().entrySet()) {
                    Object bound = STRICT.readValue(Json.mapper().writeValueAsString(example.getValue().getValue()), model);
                    assertThat(violations(bound)).as("%s example %s", op.getOperationId(), example.getKey()).isEmpty();
                    checked.add(op.getOperationId() + "/" + example.getKey());
                }
            }
        }
        assertThat(checked).contains("createCustomer/person", "createCustomer/organization", "putConsent/webForm");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"amount\":\"5000.00\"=>\"amount\":\"-1.00\"",            // negative credit limit
            "\"amount\":\"5000.00\"=>\"amount\":\"5000.123456\"",       // too many decimals
            "\"currency\":\"EUR\"=>\"currency\":\"eur\"",               // not an ISO 4217 code
            "\"tags\":[\"vip\"]=>\"tags\":[\"VIP!\"]",                  // tag pattern
            "Alice.Smith@Example.com=>not-an-email",                    // email format
            "\"firstName\":\"Alice\"=>\"firstName\":\"\"",              // empty name
    })
    void invalidVariantsOfThePersonAreRejected(String replacement) {
        String[] fromTo = replacement.split("=>");
        assertThat(ALICE).contains(fromTo[0]);
        CustomerCreateRequest bad = STRICT.readValue(ALICE.replace(fromTo[0], fromTo[1]), CustomerCreateRequest.class);

        assertThat(violations(bad)).isNotEmpty();
    }

    @Test
    void overLongNamesAndEmailsAreRejected() {
        CustomerCreateRequest longName = STRICT.readValue(ALICE.replace("\"Alice\"", "\"" + "a".repeat(201) + "\""),
                CustomerCreateRequest.class);
        CustomerCreateRequest longEmail = STRICT.readValue(
                ALICE.replace("Alice.Smith@Example.com", "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com"),
                CustomerCreateRequest.class);

        assertThat(violations(longName)).extracting(v -> v.getPropertyPath().toString()).containsExactly("firstName");
        assertThat(violations(longEmail)).extracting(v -> v.getPropertyPath().toString()).contains("emails[0].address");
    }

    @Test
    void customFieldsAcceptScalarsAndArrays() {
        CustomerCreateRequest withFields = STRICT.readValue(
                ACME.replace("\"type\"", "\"customFields\":{\"segment\":\"b2b\",\"seats\":12,\"regions\":[\"EU\",\"US\"]},\"type\""),
                CustomerCreateRequest.class);

        assertThat(violations(withFields)).isEmpty();
        assertThat(withFields.getCustomFields()).containsEntry("segment", "b2b").containsKey("regions");
    }

    @Test
    void aMissingTypeIsRejected() {
        assertThat(violations(STRICT.readValue("{\"organizationName\":\"Acme\"}", CustomerCreateRequest.class)))
                .extracting(v -> v.getPropertyPath().toString()).containsExactly("type");
    }

    private static Set<ConstraintViolation<Object>> violations(Object model) {
        return validator.validate(model);
    }
}
