package dev.crmplatform.customer.imports;

import dev.crmplatform.contracts.customer.model.CustomerCreateRequest;
import dev.crmplatform.contracts.customer.model.CustomerType;
import dev.crmplatform.contracts.customer.model.Email;
import dev.crmplatform.contracts.customer.model.LifecycleStage;
import dev.crmplatform.contracts.customer.model.Phone;
import dev.crmplatform.customer.customers.CustomerData;
import dev.crmplatform.customer.customers.CustomerInputs;
import dev.crmplatform.customer.imports.CsvImportReader.RawRow;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates and normalises one CSV row with exactly the rules of the create API ({@link CustomerInputs}: email and
 * phone normalisation, names per type, lifecycle stage default) plus the API schema's length and tag limits, which
 * bean validation enforces on JSON requests but not on CSV.
 */
@Component
class ImportRows {

    static final int MAX_NAME = 200;
    static final int MAX_TAGS = 50;
    private static final Pattern TAG = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,49}$");
    private static final Pattern TAG_SEPARATOR = Pattern.compile("\\|");

    private final CustomerInputs inputs;
    private final JsonMapper json;

    ImportRows(CustomerInputs inputs, JsonMapper json) {
        this.inputs = inputs;
        this.json = json;
    }

    /** A row ready for staging, or the reason it is not. */
    sealed interface Outcome permits StagedRow, RowError {
    }

    /**
     * A valid row, normalised. {@code lifecycleStage} is null when the row leaves it empty (LEAD for a new
     * customer, unchanged for a matched one). Ids are chosen now, once, so a re-run batch writes the same thing.
     */
    record StagedRow(long rowNumber, UUID customerId, UUID eventId, String type, String firstName, String lastName,
                     String organizationName, String displayName, String email, String phone, String emailsJson,
                     String phonesJson, String lifecycleStage, List<String> tags, String searchText)
            implements Outcome {
    }

    record RowError(long rowNumber, String field, String reason) implements Outcome {
    }

    Outcome normalise(RawRow row) {
        if (row.error() != null) {
            return new RowError(row.number(), null, row.error());
        }
        List<FieldErrorView> errors = new ArrayList<>();
        CustomerCreateRequest request = new CustomerCreateRequest();

        String type = row.value(CsvImportReader.TYPE);
        if (type == null) {
            errors.add(new FieldErrorView("type", "is required (PERSON or ORGANIZATION)"));
        } else {
            try {
                request.setType(CustomerType.fromValue(type.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldErrorView("type", "must be PERSON or ORGANIZATION"));
            }
        }
        request.setFirstName(name("firstName", row.value(CsvImportReader.FIRST_NAME), errors));
        request.setLastName(name("lastName", row.value(CsvImportReader.LAST_NAME), errors));
        request.setOrganizationName(name("organizationName", row.value(CsvImportReader.ORGANIZATION_NAME), errors));
        String email = row.value(CsvImportReader.EMAIL);
        if (email != null) {
            request.setEmails(List.of(new Email(email).primary(true)));
        }
        String phone = row.value(CsvImportReader.PHONE);
        if (phone != null) {
            request.setPhones(List.of(new Phone(phone).primary(true)));
        }
        String stage = row.value(CsvImportReader.LIFECYCLE_STAGE);
        if (stage != null) {
            try {
                request.setLifecycleStage(LifecycleStage.fromValue(stage.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldErrorView("lifecycleStage",
                        "must be one of SUBSCRIBER, LEAD, PROSPECT, CUSTOMER, DORMANT, CHURNED"));
            }
        }
        request.setTags(tags(row.value(CsvImportReader.TAGS), errors));

        CustomerData data = null;
        if (request.getType() != null) {
            try {
                data = inputs.toData(request);
            } catch (InvalidRequestException e) {
                errors.addAll(e.getErrors());
            }
        }
        if (!errors.isEmpty() || data == null) {
            return error(row.number(), errors);
        }
        return new StagedRow(row.number(), Ids.newId(), Ids.newId(), data.type(), data.firstName(), data.lastName(),
                data.organizationName(), data.displayName(),
                data.emails().isEmpty() ? null : data.emails().getFirst().address(),
                data.phones().isEmpty() ? null : data.phones().getFirst().number(),
                json.writeValueAsString(data.emails()), json.writeValueAsString(data.phones()),
                request.getLifecycleStage() == null ? null : data.lifecycleStage(), data.tags(), data.searchText());
    }

    private static String name(String field, String value, List<FieldErrorView> errors) {
        if (value != null && value.length() > MAX_NAME) {
            errors.add(new FieldErrorView(field, "is longer than " + MAX_NAME + " characters"));
            return null;
        }
        return value;
    }

    private static List<String> tags(String value, List<FieldErrorView> errors) {
        if (value == null) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        for (String raw : TAG_SEPARATOR.split(value)) {
            String tag = raw.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            if (!TAG.matcher(tag).matches()) {
                errors.add(new FieldErrorView("tags", "'" + abbreviate(tag) + "' is not a tag (lower-case letters, "
                        + "digits, _ and -, at most 50, starting with a letter or digit)"));
                return null;
            }
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        if (tags.size() > MAX_TAGS) {
            errors.add(new FieldErrorView("tags", "at most " + MAX_TAGS + " tags"));
            return null;
        }
        return tags;
    }

    /** One error per row: the first field names the column, the reason lists every problem. */
    private static RowError error(long rowNumber, List<FieldErrorView> errors) {
        if (errors.isEmpty()) {
            return new RowError(rowNumber, null, "is not a valid customer");
        }
        StringBuilder reason = new StringBuilder();
        for (FieldErrorView error : errors) {
            if (!reason.isEmpty()) {
                reason.append("; ");
            }
            reason.append(column(error.field())).append(' ').append(error.message());
        }
        return new RowError(rowNumber, column(errors.getFirst().field()), reason.toString());
    }

    /** The CSV column an API field error is about ({@code emails[0].address} is the {@code email} column). */
    static String column(String field) {
        if (field == null) {
            return null;
        }
        if (field.startsWith("emails")) {
            return "email";
        }
        if (field.startsWith("phones")) {
            return "phone";
        }
        return field;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
