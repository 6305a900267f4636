package dev.crmplatform.gateway.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON values are read as the type the contract declares, not converted: {@code 1.5} or {@code "10"} for an integer,
 * {@code 195928739} or {@code true} for a string are 400 invalid-value. Jackson's defaults quietly turned them into
 * other data ({@code "rateLimitPerMinute":1.5} was stored as 1). Only the gateway's own JSON is concerned (the admin
 * API, and the API key copies in Redis, which it writes itself with the declared types): proxied bodies pass as bytes.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonConfig {

    @Bean
    JsonMapperBuilderCustomizer noScalarCoercion() {
        return builder -> builder
                // "10" -> 10, "true" -> true, and the like
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // 1.5 -> 1
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // 195928739 -> "195928739": not covered by the two above
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
