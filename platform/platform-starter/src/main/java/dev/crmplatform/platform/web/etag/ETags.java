package dev.crmplatform.platform.web.etag;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.PreconditionFailedException;
import dev.crmplatform.platform.web.problem.PreconditionRequiredException;
import dev.crmplatform.platform.web.problem.ProblemTypes;

/**
 * ETags are the row version as a strong entity tag ({@code "7"}). Reads send {@link #of}; writes require If-Match
 * ({@link #requireIfMatch}) and compare it with the stored version ({@link #checkVersion}), ideally in the UPDATE's
 * WHERE clause so the check and the write are atomic.
 */
public final class ETags {

    // Strong comparison is an exact match of the opaque tag: "03" is not "3", so only the canonical digits parse.
    private static final Pattern STRONG = Pattern.compile("\"(0|[1-9]\\d{0,17})\"");

    private ETags() {
    }

    /** {@code "\"<version>\""}. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version named by an If-Match header. 428 {@code precondition-required} if absent, 400
     * {@code invalid-if-match} if it is not a single strong ETag of ours (weak tags, lists and {@code *} included:
     * a write must name the version it is based on; ours are the version's digits without leading zeros).
     */
    public static long requireIfMatch(String ifMatchHeader) {
        if (ifMatchHeader == null || ifMatchHeader.isBlank()) {
            throw new PreconditionRequiredException(
                    "This request requires an If-Match header with the ETag of the version being modified");
        }
        Matcher matcher = STRONG.matcher(ifMatchHeader.strip());
        if (!matcher.matches()) {
            throw new InvalidRequestException(ProblemTypes.INVALID_IF_MATCH, "Invalid If-Match",
                    "If-Match must be a single strong ETag such as \"3\"",
                    List.of(new FieldErrorView("If-Match", "must be a single strong ETag such as \"3\"")));
        }
        return Long.parseLong(matcher.group(1));
    }

    /** 412 {@code precondition-failed} when the client's version is not the current one. */
    public static void checkVersion(long expected, long actual) {
        if (expected != actual) {
            throw (PreconditionFailedException) new PreconditionFailedException(
                    "The resource was modified: If-Match " + of(expected) + " but the current ETag is " + of(actual))
                    .with("currentETag", of(actual));
        }
    }
}
