package dev.crmplatform.customer.imports;

import dev.crmplatform.contracts.customer.api.CustomerImportsApi;
import dev.crmplatform.contracts.customer.model.ImportJob;
import dev.crmplatform.contracts.customer.model.ImportMatchPolicy;
import dev.crmplatform.platform.web.problem.ProblemException;
import dev.crmplatform.platform.web.problem.ProblemTypes;
import dev.crmplatform.platform.web.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
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
    /** The current request (a proxy): its declared charset, which the generated method signature does not carry. */
    private final HttpServletRequest request;

    public ImportsController(ImportUploads uploads, ImportJobViews views, HttpServletRequest request) {
        this.uploads = uploads;
        this.views = views;
        this.request = request;
    }

    @Override
    public ResponseEntity<ImportJob> startImport(InputStreamResource csv, ImportMatchPolicy onMatch,
                                                 String idempotencyKey) {
        requireUtf8(request.getContentType());
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

    /**
     * The file is read as UTF-8 (ASCII is a part of it). Declared in another charset, its accented letters would be
     * rejected or misread row by row, so it is refused as a whole.
     */
    private static void requireUtf8(String contentType) {
        String declared;
        try {
            declared = contentType == null ? null : MediaType.parseMediaType(contentType).getParameter("charset");
        } catch (IllegalArgumentException unknownCharset) {
            declared = contentType;
        }
        if (declared != null && !isUtf8(declared.replace("\"", ""))) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported media type", "Import files must be UTF-8 text; this one is declared as '" + declared
                    + "'. Save it as UTF-8 (\"CSV UTF-8\" in spreadsheet tools) and upload it again.");
        }
    }

    private static boolean isUtf8(String charset) {
        try {
            Charset c = Charset.forName(charset);
            return c.equals(StandardCharsets.UTF_8) || c.equals(StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException unknownOrIllegalName) {
            return false;
        }
    }

    /** Spring refuses an empty body before the upload sees it; for a CSV upload that is an empty file. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> emptyBody(HttpMessageNotReadableException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(new InvalidCsvException("The file is empty; expected a header row: "
                + String.join(",", CsvImportReader.COLUMNS)), request.getRequestURI());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
