package dev.crmplatform.sales.lead;

import dev.crmplatform.sales.lead.SalesRepRepository.Candidates;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Chooses a new lead's owner (in the lead's create transaction): configured territories by country, then by
 * industry; then the reps' own territories by country, then by industry; then fair round-robin among all active
 * reps of the tenant. No active rep: unassigned.
 */
@Component
public class LeadAssigner {

    public static final String ROUND_ROBIN = "round-robin";

    private final LeadAssignmentProperties properties;
    private final SalesRepRepository reps;

    public LeadAssigner(LeadAssignmentProperties properties, SalesRepRepository reps) {
        this.properties = properties;
        this.reps = reps;
    }

    /** @param rule how the owner was chosen, e.g. {@code territory:dach}, {@code rep-country:DE}, {@code round-robin} */
    public record Assignment(String ownerId, String rule) {

        static final Assignment NONE = new Assignment(null, null);
    }

    public Assignment assign(UUID tenant, String country, String industry) {
        if (country != null) {
            for (var territory : properties.territories()) {
                if (territory.countries().contains(country)) {
                    Optional<Assignment> a = choose(tenant, new Candidates.Named(territory.reps()),
                            "territory:" + territory.name());
                    if (a.isPresent()) {
                        return a.get();
                    }
                }
            }
        }
        if (industry != null) {
            for (var territory : properties.territories()) {
                if (territory.industries().contains(industry)) {
                    Optional<Assignment> a = choose(tenant, new Candidates.Named(territory.reps()),
                            "territory:" + territory.name());
                    if (a.isPresent()) {
                        return a.get();
                    }
                }
            }
        }
        if (country != null) {
            Optional<Assignment> a = choose(tenant, new Candidates.CoveringCountry(country), "rep-country:" + country);
            if (a.isPresent()) {
                return a.get();
            }
        }
        if (industry != null) {
            Optional<Assignment> a = choose(tenant, new Candidates.CoveringIndustry(industry),
                    "rep-industry:" + industry);
            if (a.isPresent()) {
                return a.get();
            }
        }
        return choose(tenant, new Candidates.All(), ROUND_ROBIN).orElse(Assignment.NONE);
    }

    private Optional<Assignment> choose(UUID tenant, Candidates candidates, String rule) {
        if (candidates instanceof Candidates.Named named && named.userIds().isEmpty()) {
            return Optional.empty();
        }
        return reps.chooseAndCount(tenant, candidates).map(user -> new Assignment(user, rule));
    }
}
