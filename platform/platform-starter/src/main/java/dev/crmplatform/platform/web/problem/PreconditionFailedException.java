package dev.crmplatform.platform.web.problem;

import org.springframework.http.HttpStatus;

/** 412: the If-Match version is stale. */
public class PreconditionFailedException extends ProblemException {

    public PreconditionFailedException(String detail) {
        super(HttpStatus.PRECONDITION_FAILED, ProblemTypes.PRECONDITION_FAILED, "Precondition failed", detail);
    }
}
