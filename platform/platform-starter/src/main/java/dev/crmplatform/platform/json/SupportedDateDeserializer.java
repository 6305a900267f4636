package dev.crmplatform.platform.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;

import dev.crmplatform.platform.web.Timestamps;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Wraps Jackson's own deserializer of a date/time type and rejects values outside years 0001-9999
 * ({@link Timestamps}) with an {@link UnsupportedDateException}: parsing, formats and {@code @JsonFormat} stay
 * Jackson's, and a bad value is refused before any service code sees it, so nothing is written.
 */
final class SupportedDateDeserializer extends DelegatingDeserializer {

    private static final long serialVersionUID = 1L;

    /** The types a contract's {@code date} and {@code date-time} become, and their relatives. */
    static final Set<Class<?>> TYPES = Set.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class,
            LocalDate.class, LocalDateTime.class);

    SupportedDateDeserializer(ValueDeserializer<?> delegatee) {
        super(delegatee);
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> newDelegatee) {
        return new SupportedDateDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        return check(p, super.deserialize(p, ctxt));
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws JacksonException {
        return check(p, super.deserialize(p, ctxt, intoValue));
    }

    private Object check(JsonParser p, Object value) {
        String problem = Timestamps.problem(value);
        if (problem != null) {
            throw new UnsupportedDateException(p, problem, handledType());
        }
        return value;
    }

    /** Puts the wrapper around whichever deserializer Jackson picked for one of {@link #TYPES}. */
    static final class Modifier extends ValueDeserializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                BeanDescription.Supplier beanDesc, ValueDeserializer<?> deserializer) {
            return TYPES.contains(beanDesc.getBeanClass()) ? new SupportedDateDeserializer(deserializer) : deserializer;
        }
    }
}
