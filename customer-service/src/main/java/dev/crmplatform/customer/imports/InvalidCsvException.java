package dev.crmplatform.customer.imports;

import dev.crmplatform.platform.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** The upload is not a CSV file we can read (binary, not UTF-8, bad header, broken quoting): 400, nothing written. */
public class InvalidCsvException extends ProblemException {

    public InvalidCsvException(String detail) {
        super(HttpStatus.BAD_REQUEST, "invalid-csv", "Invalid CSV file", detail);
    }
}
