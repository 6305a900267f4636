package dev.crmplatform.customer.imports;

import dev.crmplatform.contracts.customer.api.CustomerImportsApi;
import dev.crmplatform.contracts.customer.model.ImportJob;
import dev.crmplatform.contracts.customer.model.ImportMatchPolicy;
import dev.crmplatform.platform.web.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;

/**
 * CSV imports. The body arrives as an {@link InputStreamResource} (see contracts/pom.xml typeMappings): Spring hands
 * over the request stream itself, so a file of a million rows is read as it arrives, never buffered whole.
 */
@RestController
public class ImportsController implements CustomerImportsApi {

    private final ImportUploads uploads;
    private final ImportJobViews views;

    public ImportsController(ImportUploads uploads, ImportJobViews views) {
        this.uploads = uploads;
        this.views = views;
    }

    @Override
    public ResponseEntity<ImportJob> startImport(InputStreamResource csv, ImportMatchPolicy onMatch,
                                                 String idempotencyKey) {
        UUID id;
        try {
            id = uploads.upload(csv.getInputStream(), (onMatch == null ? ImportMatchPolicy.UPDATE : onMatch).getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.accepted()
                .location(URI.create(PATH_GET_IMPORT.replace("{importId}", id.toString())))
                .body(views.view(id));
    }

    @Override
    public ResponseEntity<ImportJob> getImport(UUID importId) {
        return ResponseEntity.ok(views.view(importId));
    }

    /** Spring refuses an empty body before the upload sees it; for a CSV upload that is an empty file. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> emptyBody(HttpMessageNotReadableException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(new InvalidCsvException("The file is empty; expected a header row: "
                + String.join(",", CsvImportReader.COLUMNS)), request.getRequestURI());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
