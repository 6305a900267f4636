package dev.crmplatform.customer.dedupe;

import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.problem.NotFoundException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Scored fuzzy duplicate candidates of one customer among the tenant's active and archived customers. */
@Service
public class DuplicateFinder {

    /** A scored candidate with its API state JSON. */
    public record Match(UUID id, String state, DuplicateScoring.Score score, double nameSimilarity) {
    }

    private final DuplicateRepository repository;
    private final DedupeProperties properties;
    private final Set<String> freeMailDomains;

    public DuplicateFinder(DuplicateRepository repository, DedupeProperties properties) {
        this.repository = repository;
        this.properties = properties;
        this.freeMailDomains = properties.freeMailDomainSet();
    }

    /**
     * Best first (score, then name similarity, then id for a stable order), at most {@code limit}, none below
     * {@code minScore}. A merged or erased customer has no duplicates: it is no longer a record anyone works on.
     */
    @Transactional(readOnly = true)
    public List<Match> find(UUID id, int limit, double minScore) {
        UUID tenant = TenantContext.require();
        DuplicateRepository.Keys target = repository.findKeys(tenant, id)
                .orElseThrow(() -> new NotFoundException("customer", id));
        if ("MERGED".equals(target.status()) || "ERASED".equals(target.status())) {
            return List.of();
        }
        List<String> domains = companyDomains(target.emailDomains());
        DuplicateScoring.Signals targetSignals = signals(target, domains);
        List<Match> best = repository.candidates(tenant, target, domains, properties.nameCandidateThreshold(),
                        properties.candidatesPerSignal()).stream()
                .map(c -> new Match(c.keys().id(), null,
                        DuplicateScoring.score(targetSignals, signals(c.keys(), companyDomains(c.keys().emailDomains())),
                                c.nameSimilarity(), properties.nameMinSimilarity()),
                        c.nameSimilarity()))
                .filter(m -> !m.score().reasons().isEmpty() && m.score().score() >= minScore)
                .sorted(Comparator.comparingDouble((Match m) -> m.score().score()).reversed()
                        .thenComparing(Comparator.comparingDouble(Match::nameSimilarity).reversed())
                        .thenComparing(Match::id))
                .limit(limit)
                .toList();
        // states (the expensive part: customer_state per row) only for what is returned
        var states = repository.states(tenant, best.stream().map(Match::id).toList());
        return best.stream()
                .filter(m -> states.containsKey(m.id()))
                .map(m -> new Match(m.id(), states.get(m.id()), m.score(), m.nameSimilarity()))
                .toList();
    }

    private List<String> companyDomains(List<String> domains) {
        return domains.stream().filter(d -> !freeMailDomains.contains(d)).toList();
    }

    private static DuplicateScoring.Signals signals(DuplicateRepository.Keys keys, List<String> domains) {
        return new DuplicateScoring.Signals(keys.emails(), keys.phones(), domains, keys.addressKeys());
    }
}
