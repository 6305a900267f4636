package dev.crmplatform.platform.web.problem;

import org.springframework.http.HttpStatus;

/** 409: the request conflicts with the current state, e.g. a duplicate. */
public class ConflictException extends ProblemException {

    public ConflictException(String detail) {
        this(ProblemTypes.CONFLICT, "Conflict", detail);
    }

    public ConflictException(String type, String title, String detail) {
        super(HttpStatus.CONFLICT, type, title, detail);
    }
}
