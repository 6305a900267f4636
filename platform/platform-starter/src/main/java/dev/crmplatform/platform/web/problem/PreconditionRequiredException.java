package dev.crmplatform.platform.web.problem;

import org.springframework.http.HttpStatus;

/** 428: a write without If-Match. */
public class PreconditionRequiredException extends ProblemException {

    public PreconditionRequiredException(String detail) {
        super(HttpStatus.PRECONDITION_REQUIRED, ProblemTypes.PRECONDITION_REQUIRED, "Precondition required", detail);
    }
}
