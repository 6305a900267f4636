package dev.crmplatform.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonTest {

    record Target(String name, Boolean flag, Integer count, List<String> tags, Map<String, Object> extra) {
    }

    private final JsonMapper json = strict();

    static JsonMapper strict() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new CrmJsonAutoConfiguration().crmStrictJsonCustomizer().customize(builder);
        return builder.build();
    }

    @Test
    void readsValuesOfTheRightType() {
        Target target = json.readValue("{\"name\":\"n\",\"flag\":true,\"count\":2,\"tags\":[\"a\"],"
                + "\"extra\":{\"s\":\"\\ud83d\\ude00\",\"n\":1.5}}", Target.class);
        assertThat(target.name()).isEqualTo("n");
        assertThat(target.extra()).containsEntry("s", "\ud83d\ude00");
    }

    @Test
    void refusesValuesOfAnotherJsonType() {
        for (String body : new String[] { "{\"name\":123}", "{\"name\":true}", "{\"name\":1.5e300}",
                "{\"flag\":1}", "{\"flag\":\"true\"}", "{\"count\":1.5}", "{\"count\":\"2\"}", "{\"tags\":[1]}" }) {
            assertThatThrownBy(() -> json.readValue(body, Target.class)).as(body)
                    .isInstanceOf(MismatchedInputException.class);
        }
    }

    @Test
    void refusesStringsTheDatabaseCannotStore() {
        for (String body : new String[] { "{\"name\":\"a\\u0000\"}", "{\"tags\":[\"\\u0000\"]}",
                "{\"extra\":{\"k\":\"\\u0000\"}}", "{\"name\":\"\\ud800x\"}", "{\"name\":\"x\\udc00\"}" }) {
            assertThatThrownBy(() -> json.readValue(body, Target.class)).as(body)
                    .isInstanceOf(UnstorableStringException.class);
        }
    }
}
