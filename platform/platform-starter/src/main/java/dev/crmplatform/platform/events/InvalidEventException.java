package dev.crmplatform.platform.events;

/**
 * A record that is not a valid CloudEvent of ours. Retrying cannot help, so the listener error handler sends it
 * straight to the dead-letter topic.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
