package dev.crmplatform.local;

/** A startup problem the user can fix; its message says what to do and is printed without a stack trace. */
public class LaunchException extends RuntimeException {

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
