package dev.crmplatform.platform.web.problem;

import org.springframework.http.HttpStatus;

/** 413: the request body exceeds the configured limit. */
public class PayloadTooLargeException extends ProblemException {

    public PayloadTooLargeException(long limitBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large",
                "The request body exceeds the limit of " + limitBytes + " bytes");
        with("maxBytes", limitBytes);
    }
}
