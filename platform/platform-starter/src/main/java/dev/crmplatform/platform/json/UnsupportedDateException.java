package dev.crmplatform.platform.json;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A well-formed JSON date or timestamp outside the years the platform stores (see {@code Timestamps}). A
 * {@link MismatchedInputException} so that Jackson adds the member's path; its message is meant for clients.
 */
public final class UnsupportedDateException extends MismatchedInputException {

    private static final long serialVersionUID = 1L;

    UnsupportedDateException(JsonParser parser, String message, Class<?> targetType) {
        super(parser, message, targetType);
    }
}
