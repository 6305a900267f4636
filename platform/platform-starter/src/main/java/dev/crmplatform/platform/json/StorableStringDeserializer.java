package dev.crmplatform.platform.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Rejects JSON strings that PostgreSQL cannot store as they were sent: a NUL ({@code \u0000}) fails the insert
 * (a 500 after the request was accepted) and an unpaired UTF-16 surrogate is silently replaced by {@code ?}.
 * Rejecting them while reading names the member in the 400 and keeps trimming from hiding a trailing NUL.
 * Used for every {@code String} target, including strings inside untyped values such as custom fields.
 */
public class StorableStringDeserializer extends StringDeserializer {

    static final String NUL = "must not contain the NUL character (U+0000)";
    static final String LONE_SURROGATE = "must be valid Unicode (it contains an unpaired surrogate)";

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
        String value = super.deserialize(p, ctxt);
        String problem = value == null ? null : problem(value);
        if (problem != null) {
            throw new UnstorableStringException(p, problem);
        }
        return value;
    }

    /** What is wrong with the string, or null when it can be stored as is. */
    static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return NUL;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return LONE_SURROGATE;
            }
        }
        return null;
    }
}
