package dev.crmplatform.gateway.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import dev.crmplatform.gateway.problem.Problems;

/**
 * Tomcat's error report for the requests it rejects itself, before any filter or servlet sees them (an encoded
 * {@code /} or a NUL in the path, raw non-ASCII in the request line): a problem like every other answer of the
 * gateway, instead of Tomcat's HTML page. Errors inside the application never get here: they go to {@code /error}.
 * The checks before writing are those of {@link ErrorReportValve#report}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is broken: nobody would read the report
        }
        HttpStatus status = HttpStatus.resolve(code);
        String uri = request.getRequestURI();
        String body = Problems.json(Problems.forStatus(status != null ? status : HttpStatus.BAD_REQUEST,
                uri == null || uri.isEmpty() ? "/" : uri));
        try {
            response.setContentType(Problems.PROBLEM_JSON.toString());
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // the client went away
        }
    }
}
