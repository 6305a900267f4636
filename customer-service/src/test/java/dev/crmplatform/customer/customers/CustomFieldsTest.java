package dev.crmplatform.customer.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomFieldsTest {

    @Test
    void acceptsScalarsAndArraysOfScalars() {
        assertThat(CustomFields.violations(Map.of("size", 42, "vip", true, "region", "EMEA",
                "languages", List.of("de", "en")))).isEmpty();
    }

    @Test
    void acceptsNullValues() {
        var fields = new java.util.HashMap<String, Object>();
        fields.put("cleared", null);
        assertThat(CustomFields.violations(fields)).isEmpty();
    }

    @Test
    void refusesNestedObjects() {
        var problems = CustomFields.violations(Map.of("nested", Map.of("a", 1), "list", List.of(Map.of())));
        assertThat(problems).containsOnlyKeys("customFields.nested", "customFields.list");
    }

    @Test
    void refusesBadNames() {
        assertThat(CustomFields.violations(Map.of("1st", 1, "has space", 2)))
                .containsOnlyKeys("customFields.1st", "customFields.has space");
    }

    @Test
    void refusesNumbersBeyondTheDoubleRange() {
        assertThat(CustomFields.violations(Map.of("big", Double.POSITIVE_INFINITY, "list", List.of(1, Double.NaN))))
                .containsOnlyKeys("customFields.big", "customFields.list");
    }
}
