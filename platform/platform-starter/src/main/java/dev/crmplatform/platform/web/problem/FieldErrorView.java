package dev.crmplatform.platform.web.problem;

/** One entry of a problem's {@code errors} array: which field and what is wrong with it. */
public record FieldErrorView(String field, String message) {
}
