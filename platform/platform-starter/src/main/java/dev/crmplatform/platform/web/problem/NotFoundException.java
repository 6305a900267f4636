package dev.crmplatform.platform.web.problem;

import org.springframework.http.HttpStatus;

/** 404: also used for another tenant's id, so existence never leaks across tenants. */
public class NotFoundException extends ProblemException {

    public NotFoundException(String resource, Object id) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Resource not found",
                resource + " " + id + " was not found");
        with("resource", resource);
    }
}
