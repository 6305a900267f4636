package dev.crmplatform.platform.json;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string holding a character that cannot be stored as UTF-8 text (see {@link StorableStringDeserializer}).
 * Its message is meant for clients: it names the character, never a Java type.
 */
public final class UnstorableStringException extends MismatchedInputException {

    private static final long serialVersionUID = 1L;

    UnstorableStringException(JsonParser parser, String message) {
        super(parser, message, String.class);
    }
}
