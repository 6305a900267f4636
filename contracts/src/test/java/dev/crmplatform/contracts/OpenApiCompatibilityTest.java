package dev.crmplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The breaking-change gate: every published contract must stay backward compatible with its baseline
 * (the last published version, kept in {@code baseline/} beside it). A breaking change needs a new
 * version (a new file / a new event type), not an edit; see contracts/openapi/README.md.
 *
 * <p>REST specs are compared as they are. Event documents have no paths, and openapi-diff only looks at
 * schemas reachable from operations, so each event schema is wrapped as the response of a synthetic
 * GET: consumers read events the way clients read responses, and "response compatible" is exactly the
 * rule for events (members may be added, none removed or retyped).
 */
class OpenApiCompatibilityTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path REST_SPECS = MODULE.resolve("openapi");
    private static final Path EVENT_SPECS = MODULE.resolve("events");
    private static final String CUSTOMER_SPEC = "customer-v1.yaml";
    private static final String CUSTOMER_EVENTS = "customer-events-v1.yaml";

    static Stream<String> restSpecs() throws IOException {
        return specsIn(REST_SPECS);
    }

    static Stream<String> eventSpecs() throws IOException {
        return specsIn(EVENT_SPECS);
    }

    @Test
    void theSpecDirectoriesContainTheCustomerContracts() throws IOException {
        // Guards against the parameterised tests silently running on nothing (e.g. a wrong basedir).
        assertThat(restSpecs()).contains(CUSTOMER_SPEC);
        assertThat(eventSpecs()).contains(CUSTOMER_EVENTS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restSpecs")
    void restSpecIsBackwardCompatibleWithItsBaseline(String spec) {
        Path baseline = REST_SPECS.resolve("baseline").resolve(spec);
        assertThat(baseline)
                .as("every published spec needs a baseline copy in openapi/baseline/ (see openapi/README.md)")
                .exists();

        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(
                parse(baseline), parse(REST_SPECS.resolve(spec)));

        assertThat(diff.isIncompatible())
                .as("%s has breaking changes against its baseline:%n%s", spec, report(diff))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventSpecs")
    void eventSchemasAreBackwardCompatibleWithTheirBaseline(String spec) {
        Path baseline = EVENT_SPECS.resolve("baseline").resolve(spec);
        assertThat(baseline)
                .as("every published event document needs a baseline copy in events/baseline/")
                .exists();

        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(
                asReadOnlyEndpoints(parse(baseline)), asReadOnlyEndpoints(parse(EVENT_SPECS.resolve(spec))));

        assertThat(diff.isIncompatible())
                .as("%s has breaking changes against its baseline:%n%s", spec, report(diff))
                .isFalse();
    }

    // ---- the gate itself must work: deliberate changes are classified correctly ----

    @Test
    void removingAnEndpointIsDetectedAsBreaking() {
        assertBreaking(api -> api.getPaths().remove("/api/v1/customers/{id}/consents"));
    }

    @Test
    void addingARequiredRequestFieldIsDetectedAsBreaking() {
        assertBreaking(api -> {
            Schema<?> create = api.getComponents().getSchemas().get("CustomerCreateRequest");
            create.addProperty("region", new StringSchema());
            create.addRequiredItem("region");
        });
    }

    @Test
    void removingAResponseFieldIsDetectedAsBreaking() {
        assertBreaking(api -> api.getComponents().getSchemas().get("Customer").getProperties().remove("version"));
    }

    @Test
    void removingAnEnumValueFromARequestIsDetectedAsBreaking() {
        assertBreaking(api -> api.getComponents().getSchemas().get("LifecycleStage").getEnum().remove("CHURNED"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void addingAnEnumValueThatResponsesCarryIsBreaking() {
        // Strict on purpose: generated clients' enums reject values they do not know.
        assertBreaking(api -> ((Schema<String>) api.getComponents().getSchemas().get("LifecycleStage"))
                .addEnumItemObject("EVANGELIST"));
    }

    @Test
    void additiveChangesAreAccepted() {
        OpenAPI baseline = parse(REST_SPECS.resolve(CUSTOMER_SPEC));
        OpenAPI changed = parse(REST_SPECS.resolve(CUSTOMER_SPEC));
        changed.getComponents().getSchemas().get("Customer").addProperty("nickname", new StringSchema());
        changed.getComponents().getSchemas().get("CustomerCreateRequest").addProperty("nickname", new StringSchema());
        changed.getPaths().addPathItem("/api/v1/customers/{id}/notes", changed.getPaths().get("/api/v1/customers/{id}/export"));

        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(baseline, changed);

        assertThat(diff.isDifferent()).isTrue();
        assertThat(diff.isIncompatible()).as(report(diff)).isFalse();
    }

    @Test
    void removingAnEventFieldIsDetectedAsBreaking() {
        OpenAPI baseline = parse(EVENT_SPECS.resolve(CUSTOMER_EVENTS));
        OpenAPI changed = parse(EVENT_SPECS.resolve(CUSTOMER_EVENTS));
        changed.getComponents().getSchemas().get("CustomerState").getProperties().remove("lifecycleStage");

        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(
                asReadOnlyEndpoints(baseline), asReadOnlyEndpoints(changed));

        assertThat(diff.isIncompatible()).isTrue();
    }

    @Test
    void addingAnOptionalEventFieldIsAccepted() {
        OpenAPI baseline = parse(EVENT_SPECS.resolve(CUSTOMER_EVENTS));
        OpenAPI changed = parse(EVENT_SPECS.resolve(CUSTOMER_EVENTS));
        changed.getComponents().getSchemas().get("CustomerErased").addProperty("reason", new StringSchema());

        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(
                asReadOnlyEndpoints(baseline), asReadOnlyEndpoints(changed));

        assertThat(diff.isDifferent()).isTrue();
        assertThat(diff.isIncompatible()).as(report(diff)).isFalse();
    }

    private static void assertBreaking(Consumer<OpenAPI> change) {
        OpenAPI baseline = parse(REST_SPECS.resolve(CUSTOMER_SPEC));
        OpenAPI changed = parse(REST_SPECS.resolve(CUSTOMER_SPEC));
        change.accept(changed);

        ChangedOpenApi diff = OpenApiCompare.fromSpecifications(baseline, changed);

        assertThat(diff.isIncompatible()).as(report(diff)).isTrue();
    }

    // ---- helpers ----

    private static Stream<String> specsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .sorted()
                    .toList();
            return names.stream();
        }
    }

    /** Parses a spec the way openapi-diff does for files (refs resolved, one fresh model per call). */
    private static OpenAPI parse(Path spec) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(spec.toUri().toString(), null, options);
        assertThat(result.getOpenAPI()).as("%s does not parse: %s", spec, result.getMessages()).isNotNull();
        assertThat(result.getMessages()).as("%s parser messages", spec).isEmpty();
        return result.getOpenAPI();
    }

    /** Exposes every component schema as the 200 response of its own GET so openapi-diff compares it. */
    private static OpenAPI asReadOnlyEndpoints(OpenAPI events) {
        Paths paths = new Paths();
        List<String> names = new ArrayList<>(events.getComponents().getSchemas().keySet());
        for (String name : names) {
            Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + name);
            ApiResponse ok = new ApiResponse().description("the " + name + " payload")
                    .content(new Content().addMediaType("application/json", new MediaType().schema(ref)));
            Operation read = new Operation().operationId("read" + name).responses(new ApiResponses().addApiResponse("200", ok));
            paths.addPathItem("/events/" + name, new PathItem().get(read));
        }
        events.setPaths(paths);
        return events;
    }

    private static String report(ChangedOpenApi diff) {
        return new MarkdownRender().render(diff);
    }
}
