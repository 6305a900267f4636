package dev.crmplatform.platform.web;

/**
 * A well-formed date or timestamp parameter outside years 0001-9999 ({@link Timestamps}). Thrown while Spring
 * converts the parameter, which wraps it in a {@code TypeMismatchException} that names the parameter; the problem
 * handler turns that into a 400 {@code validation-failed} with this message.
 */
public final class UnsupportedDateParameterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UnsupportedDateParameterException(String message) {
        super(message);
    }
}
