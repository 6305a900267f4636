package dev.crmplatform.gateway.web;

import dev.crmplatform.gateway.problem.ProblemException;

/**
 * The display names of the admin API's resources (tenants, API keys): stored stripped, so a blank one would reach
 * the database as '' and fail its check constraint (a 500), and a NUL is text PostgreSQL refuses.
 */
public final class Names {

    private Names() {
    }

    /** The name to store, or a 400 validation-failed for the field {@code name}. */
    public static String clean(String name) {
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw ProblemException.invalidField("name", "must not be blank");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidField("name", "must not contain control characters");
        }
        return stripped;
    }
}
