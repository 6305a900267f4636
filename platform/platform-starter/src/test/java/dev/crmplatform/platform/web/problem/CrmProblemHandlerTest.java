package dev.crmplatform.platform.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

class CrmProblemHandlerTest {

    enum Stage {
        LEAD, CUSTOMER
    }

    @Test
    void describesExpectedTypes() {
        assertThat(CrmProblemHandler.expectation(Stage.class)).isEqualTo("must be one of [LEAD, CUSTOMER]");
        assertThat(CrmProblemHandler.expectation(Integer.class)).isEqualTo("must be an integer");
        assertThat(CrmProblemHandler.expectation(UUID.class)).isEqualTo("must be a UUID");
        assertThat(CrmProblemHandler.expectation(Instant.class)).isEqualTo("must be an ISO-8601 timestamp");
        assertThat(CrmProblemHandler.expectation(LocalDate.class)).isEqualTo("must be an ISO-8601 date");
        assertThat(CrmProblemHandler.expectation(List.class)).isEqualTo("must be an array");
    }

    @Test
    void problemExceptionsRenderAsProblemsWithStableTypes() {
        ProblemException ex = new BusinessRuleException("credit-limit-exceeded", "Credit limit exceeded",
                "Order total exceeds the credit limit").with("limit", "5000.00");
        ProblemDetail problem = Problems.of(ex, "/api/v1/orders");
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getType().toString()).isEqualTo("https://crmplatform.dev/problems/credit-limit-exceeded");
        assertThat(problem.getInstance().toString()).isEqualTo("/api/v1/orders");
        assertThat(Problems.toMap(problem)).containsEntry("limit", "5000.00").containsEntry("status", 422);
    }

    @Test
    void subclassesCarryTheirStatusAndType() {
        assertThat(new NotFoundException("Customer", 1).getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(new ConflictException("dup").getType()).isEqualTo("conflict");
        assertThat(new PreconditionFailedException("x").getStatus().value()).isEqualTo(412);
        assertThat(new PreconditionRequiredException("x").getStatus().value()).isEqualTo(428);
        assertThat(new PayloadTooLargeException(10).getStatus().value()).isEqualTo(413);
        InvalidRequestException invalid = InvalidRequestException.of("email", "is invalid");
        assertThat(invalid.getType()).isEqualTo("validation-failed");
        assertThat(invalid.getProperties().get("errors")).isEqualTo(List.of(new FieldErrorView("email", "is invalid")));
    }

    @Test
    void findsCausesInChains() {
        PayloadTooLargeException cause = new PayloadTooLargeException(5);
        Exception wrapped = new RuntimeException(new java.io.IOException("x", cause));
        assertThat(CrmProblemHandler.findCause(wrapped, PayloadTooLargeException.class)).isSameAs(cause);
        assertThat(CrmProblemHandler.findCause(new RuntimeException(), PayloadTooLargeException.class)).isNull();
    }

    @Test
    void aDateThePostgresColumnCannotHoldIsTheClientsError() {
        // What pgjdbc reports for e.g. 294277-01-01 in a timestamptz, should a date ever get past the range checks.
        Exception overflow = new DataIntegrityViolationException("insert",
                new java.sql.SQLException("ERROR: timestamp out of range", "22008"));
        ProblemDetail problem = (ProblemDetail) new CrmProblemHandler()
                .handleUnexpected(overflow, new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/tasks")))
                .getBody();
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getType().toString()).endsWith("/bad-request");
        assertThat(problem.getDetail()).contains("0001 to 9999");
    }
}
