package dev.crmplatform.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiDocsMergeTest {

    @Test
    @SuppressWarnings("unchecked")
    void conflictingComponentsAreNamespacedAndRefsRewritten() {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        groups.put("gateway-admin-v1", spec("/api/v1/admin/tenants", Map.of("type", "object", "title", "admin")));
        groups.put("customer-v1", spec("/api/v1/customers", Map.of("type", "object", "title", "customer")));
        groups.put("sales-v1", spec("/api/v1/leads", Map.of("type", "object", "title", "admin")));

        Map<String, Object> merged = ApiDocsController.merge(groups);
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) merged.get("components"))
                .get("schemas");
        assertThat(schemas).containsOnlyKeys("Problem", "CustomerV1Problem");
        Map<String, Object> paths = (Map<String, Object>) merged.get("paths");
        assertThat(paths).containsOnlyKeys("/api/v1/admin/tenants", "/api/v1/customers", "/api/v1/leads");
        assertThat(paths.get("/api/v1/customers").toString()).contains("#/components/schemas/CustomerV1Problem");
        assertThat(paths.get("/api/v1/leads").toString()).contains("#/components/schemas/Problem")
                .doesNotContain("V1Problem");
    }

    private static Map<String, Object> spec(String path, Map<String, Object> problem) {
        return Map.of(
                "paths", Map.of(path, Map.of("get", Map.of("responses", Map.of("400", Map.of("content",
                        Map.of("application/problem+json", Map.of("schema",
                                Map.of("$ref", "#/components/schemas/Problem")))))))),
                "components", Map.of("schemas", Map.of("Problem", problem)),
                "tags", List.of(Map.of("name", path)));
    }
}
