package dev.crmplatform.customer.dedupe;

import dev.crmplatform.contracts.customer.api.DuplicatesApi;
import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.contracts.customer.model.DuplicateCandidate;
import dev.crmplatform.contracts.customer.model.DuplicateCandidatePage;
import dev.crmplatform.contracts.customer.model.DuplicateReason;
import dev.crmplatform.contracts.customer.model.MergeRequest;
import dev.crmplatform.customer.customers.CustomerResponses;
import dev.crmplatform.customer.merge.MergeService;
import dev.crmplatform.platform.web.etag.ETags;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** Duplicate candidates (this package) and merging (package merge) share one generated API interface. */
@RestController
public class DuplicatesController implements DuplicatesApi {

    private final DuplicateFinder finder;
    private final MergeService merges;
    private final CustomerResponses responses;

    public DuplicatesController(DuplicateFinder finder, MergeService merges, CustomerResponses responses) {
        this.finder = finder;
        this.merges = merges;
        this.responses = responses;
    }

    @Override
    public ResponseEntity<DuplicateCandidatePage> listDuplicates(UUID id, Integer limit, Double minScore) {
        var matches = finder.find(id, limit == null ? 10 : limit, minScore == null ? 0.3 : minScore);
        return ResponseEntity.ok(new DuplicateCandidatePage()
                .items(matches.stream().map(this::toCandidate).toList())
                .nextCursor(null));
    }

    @Override
    public ResponseEntity<Customer> mergeCustomer(UUID id, MergeRequest request, String ifMatch) {
        Long expectedVersion = ifMatch == null ? null : ETags.requireIfMatch(ifMatch);
        return responses.ok(merges.merge(id, request.getDuplicateId(), expectedVersion));
    }

    private DuplicateCandidate toCandidate(DuplicateFinder.Match match) {
        return new DuplicateCandidate()
                .customer(responses.toCustomer(match.state()))
                .score(match.score().score())
                .reasons(match.score().reasons().stream()
                        .map(r -> new DuplicateReason()
                                .type(r.type())
                                .score(r.score())
                                .detail(r.detail()))
                        .toList());
    }
}
