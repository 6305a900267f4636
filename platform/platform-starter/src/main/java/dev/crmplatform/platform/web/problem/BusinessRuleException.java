package dev.crmplatform.platform.web.problem;

import org.springframework.http.HttpStatus;

/** 422: the request is well-formed but violates a business rule; give each rule its own stable type. */
public class BusinessRuleException extends ProblemException {

    public BusinessRuleException(String detail) {
        this(ProblemTypes.BUSINESS_RULE_VIOLATED, "Business rule violated", detail);
    }

    public BusinessRuleException(String type, String title, String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, type, title, detail);
    }
}
