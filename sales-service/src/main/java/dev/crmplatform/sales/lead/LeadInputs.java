package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.sales.model.LeadCreateRequest;
import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Normalises and checks lead input beyond what the generated model's constraints check. */
@Component
public class LeadInputs {

    private final jakarta.validation.Validator validator;

    public LeadInputs(jakarta.validation.Validator validator) {
        this.validator = validator;
    }

    /** The model's own constraints (for documents not bound by MVC, e.g. a patched lead), as 400 problems. */
    public void validate(LeadCreateRequest request) {
        List<FieldErrorView> errors = new ArrayList<>();
        validator.validate(request).forEach(v -> errors.add(new FieldErrorView(v.getPropertyPath().toString(),
                v.getMessage())));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldErrorView::field));
            throw new InvalidRequestException("The request has " + errors.size() + " invalid field(s)", errors);
        }
    }

    public LeadData toData(LeadCreateRequest r) {
        LeadData data = new LeadData(text(r.getFirstName()), text(r.getLastName()),
                r.getEmail() == null ? null : text(r.getEmail().toLowerCase(Locale.ROOT)), text(r.getPhone()),
                text(r.getTitle()), text(r.getCompany()), r.getCompanySize(), text(r.getCountry()),
                r.getIndustry() == null ? null : r.getIndustry().getValue(),
                r.getSource() == null ? null : r.getSource().getValue(), text(r.getCampaignId()), text(r.getNotes()));
        if (data.lastName() == null && data.company() == null) {
            throw new InvalidRequestException("A lead needs lastName or company", List.of(
                    new FieldErrorView("company", "lastName or company is required"),
                    new FieldErrorView("lastName", "lastName or company is required")));
        }
        return data;
    }

    /** The request a lead's current data would be created from (for applying a merge patch to it). */
    public static LeadCreateRequest toRequest(LeadData d) {
        return new LeadCreateRequest()
                .firstName(d.firstName()).lastName(d.lastName()).email(d.email()).phone(d.phone()).title(d.title())
                .company(d.company()).companySize(d.companySize()).country(d.country())
                .industry(d.industry() == null ? null
                        : dev.crmplatform.contracts.sales.model.LeadIndustry.fromValue(d.industry()))
                .source(d.source() == null ? null
                        : dev.crmplatform.contracts.sales.model.LeadSource.fromValue(d.source()))
                .campaignId(d.campaignId()).notes(d.notes());
    }

    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
