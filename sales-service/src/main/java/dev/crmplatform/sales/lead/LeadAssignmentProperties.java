package dev.crmplatform.sales.lead;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lead assignment rules ({@code crm.sales.leads.assignment}). On create, the first territory (in this order) that
 * matches the lead's country, then the first that matches its industry, assigns the lead to one of its reps (the
 * least-assigned active one). Then the reps' own territories (countries, industries set through the API) are
 * tried, then round-robin among all active reps of the tenant.
 *
 * @param territories configured territories
 */
@ConfigurationProperties("crm.sales.leads.assignment")
public record LeadAssignmentProperties(@DefaultValue List<Territory> territories) {

    public LeadAssignmentProperties {
        territories = List.copyOf(territories);
    }

    /**
     * @param name       shown in the lead's {@code assignmentRule} as {@code territory:<name>}
     * @param countries  ISO 3166-1 alpha-2 codes
     * @param industries industry names (LeadIndustry values)
     * @param reps       user ids of the reps covering the territory; only those that are active sales reps of the
     *                   lead's tenant are chosen
     */
    public record Territory(String name, @DefaultValue List<String> countries, @DefaultValue List<String> industries,
                            @DefaultValue List<String> reps) {

        public Territory {
            countries = List.copyOf(countries);
            industries = List.copyOf(industries);
            reps = List.copyOf(reps);
        }
    }
}
