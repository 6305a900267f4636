package dev.crmplatform.platform.test;

/** Thrown when no PostgreSQL, Redis or Kafka could be found; the message says what to start. */
public class InfrastructureUnavailableException extends IllegalStateException {

    public InfrastructureUnavailableException(String message) {
        super(message);
    }
}
