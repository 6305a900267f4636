package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.sales.model.Lead;
import dev.crmplatform.contracts.sales.model.LeadIndustry;
import dev.crmplatform.contracts.sales.model.LeadScoreContribution;
import dev.crmplatform.contracts.sales.model.LeadSource;
import dev.crmplatform.contracts.sales.model.LeadStatus;
import dev.crmplatform.platform.web.etag.ETags;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stored leads to API responses, with the version as ETag. */
@Component
public class LeadResponses {

    private static final TypeReference<List<LeadScoreContribution>> EXPLANATION = new TypeReference<>() { };

    private final JsonMapper json;

    public LeadResponses(JsonMapper json) {
        this.json = json;
    }

    public Lead toLead(LeadRow row) {
        LeadData d = row.data();
        return new Lead()
                .id(row.id())
                .firstName(d.firstName()).lastName(d.lastName()).email(d.email()).phone(d.phone()).title(d.title())
                .company(d.company()).companySize(d.companySize()).country(d.country())
                .industry(d.industry() == null ? null : LeadIndustry.fromValue(d.industry()))
                .source(d.source() == null ? null : LeadSource.fromValue(d.source()))
                .campaignId(d.campaignId()).notes(d.notes())
                .status(LeadStatus.fromValue(row.status()))
                .disqualifiedReason(row.disqualifiedReason())
                .score(row.score())
                .scoreExplanation(json.readValue(row.scoreExplanation(), EXPLANATION))
                .ownerId(row.ownerId())
                .assignmentRule(row.assignmentRule())
                .convertedCustomerId(row.convertedCustomerId())
                .convertedOpportunityId(row.convertedOpportunityId())
                .convertedAt(row.convertedAt())
                .anonymised(row.anonymised())
                .createdAt(row.createdAt()).updatedAt(row.updatedAt())
                .createdBy(row.createdBy()).updatedBy(row.updatedBy())
                .version(row.version());
    }

    public String explanationJson(LeadScorer.Score score) {
        return json.writeValueAsString(score.explanation().stream()
                .map(c -> new LeadScoreContribution(c.rule(), c.points())).toList());
    }

    public ResponseEntity<Lead> ok(LeadRow row) {
        return ResponseEntity.ok().eTag(ETags.of(row.version())).body(toLead(row));
    }

    public ResponseEntity<Lead> created(LeadRow row) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/leads/" + row.id()))
                .eTag(ETags.of(row.version()))
                .body(toLead(row));
    }
}
