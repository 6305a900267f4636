package dev.crmplatform.customer.relationship;

import dev.crmplatform.contracts.customer.api.RelationshipsApi;
import dev.crmplatform.contracts.customer.model.Relationship;
import dev.crmplatform.contracts.customer.model.RelationshipCreateRequest;
import dev.crmplatform.contracts.customer.model.RelationshipDirection;
import dev.crmplatform.contracts.customer.model.RelationshipPage;
import dev.crmplatform.contracts.customer.model.RelationshipType;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RelationshipsController implements RelationshipsApi {

    private final RelationshipService service;

    public RelationshipsController(RelationshipService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<Relationship> addRelationship(UUID id, RelationshipCreateRequest request,
                                                        String idempotencyKey) {
        var row = service.add(id, request.getTargetId(), request.getType().getValue(), blankToNull(request.getRole()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/customers/" + id + "/relationships/" + row.id()))
                .body(toDto(row));
    }

    @Override
    public ResponseEntity<Relationship> getRelationship(UUID id, UUID relationshipId) {
        return ResponseEntity.ok(toDto(service.get(id, relationshipId)));
    }

    @Override
    public ResponseEntity<Relationship> deleteRelationship(UUID id, UUID relationshipId) {
        return ResponseEntity.ok(toDto(service.remove(id, relationshipId)));
    }

    @Override
    public ResponseEntity<RelationshipPage> listRelationships(UUID id, Integer limit, String cursor,
                                                              RelationshipType type, RelationshipDirection direction) {
        Boolean outgoing = direction == null ? null : direction == RelationshipDirection.OUTGOING;
        var page = service.list(id, limit, cursor, type == null ? null : type.getValue(), outgoing);
        return ResponseEntity.ok(new RelationshipPage()
                .items(page.items().stream().map(RelationshipsController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    static Relationship toDto(RelationshipRepository.Row row) {
        return new Relationship()
                .id(row.id())
                .type(RelationshipType.fromValue(row.type()))
                .sourceId(row.sourceId())
                .targetId(row.targetId())
                .direction(row.outgoing() ? RelationshipDirection.OUTGOING : RelationshipDirection.INCOMING)
                .otherCustomerId(row.otherCustomerId())
                .otherDisplayName(row.otherDisplayName())
                .role(row.role())
                .createdAt(row.createdAt())
                .createdBy(row.createdBy());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
