package dev.crmplatform.platform.json;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON for every service's {@link JsonMapper} (request bodies, events, outbox, idempotency records): a value
 * of the wrong JSON type is an error instead of being converted ({@code 123} or {@code true} for a string,
 * {@code 1} for a boolean, {@code "5"} or {@code 1.5} for an integer), so the API behaves as its contract says
 * and a client's mistake is a 400 {@code invalid-value} naming the member, not a silently different value. Strings
 * that the database cannot store are rejected too ({@link StorableStringDeserializer}), and so are dates and
 * timestamps outside years 0001-9999 ({@link SupportedDateDeserializer}; a 400 {@code validation-failed}).
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
@ConditionalOnClass(JsonMapper.class)
public class CrmJsonAutoConfiguration {

    @Bean
    JsonMapperBuilderCustomizer crmStrictJsonCustomizer() {
        return builder -> builder
                // Covers numbers, booleans and date/times from a JSON value of another type.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // Strings are not scalars to that feature: a number or boolean for a string needs its own rule.
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new SimpleModule("crm-storable-strings")
                        .addDeserializer(String.class, new StorableStringDeserializer()))
                .addModule(new SimpleModule("crm-supported-dates")
                        .setDeserializerModifier(new SupportedDateDeserializer.Modifier()));
    }
}
