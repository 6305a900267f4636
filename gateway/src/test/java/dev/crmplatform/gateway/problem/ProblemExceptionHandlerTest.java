package dev.crmplatform.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.mock.web.MockHttpServletRequest;

import tools.jackson.core.exc.JacksonIOException;

@ExtendWith(OutputCaptureExtension.class)
class ProblemExceptionHandlerTest {

    private final ProblemExceptionHandler handler = new ProblemExceptionHandler();
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v3/api-docs");

    @Test
    void aClientThatWentAwayDuringTheResponseIsNeitherAnsweredNorAnError(CapturedOutput output) {
        // what writing JSON to a connection the client has closed raises
        var writeFailed = new HttpMessageNotWritableException("Could not write JSON: Broken pipe",
                JacksonIOException.construct(new ClientAbortException(new IOException("Broken pipe"))));

        assertThat(handler.unexpected(writeFailed, request)).isNull();
        assertThat(output).doesNotContain("ERROR").doesNotContain("Unexpected error");
    }

    @Test
    void anyOtherFailureIsAnInternalErrorProblemAndLogged(CapturedOutput output) {
        var response = handler.unexpected(new IllegalStateException("bug"), request);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(output).contains("Unexpected error on GET /v3/api-docs");
    }
}
