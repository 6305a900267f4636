package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.api.CustomersApi;
import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.contracts.customer.model.CustomerCreateRequest;
import dev.crmplatform.contracts.customer.model.CustomerHistoryPage;
import dev.crmplatform.contracts.customer.model.CustomerPage;
import dev.crmplatform.contracts.customer.model.CustomerType;
import dev.crmplatform.contracts.customer.model.LifecycleStage;
import dev.crmplatform.platform.web.etag.ETags;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
public class CustomersController implements CustomersApi {

    private final CustomerService service;
    private final CustomerSearch search;
    private final CustomerHistory history;
    private final CustomerResponses responses;

    public CustomersController(CustomerService service, CustomerSearch search, CustomerHistory history,
                               CustomerResponses responses) {
        this.service = service;
        this.search = search;
        this.history = history;
        this.responses = responses;
    }

    @Override
    public ResponseEntity<Customer> createCustomer(CustomerCreateRequest request, Boolean allowDuplicate,
                                                   String idempotencyKey) {
        return responses.created(service.create(request, Boolean.TRUE.equals(allowDuplicate)));
    }

    @Override
    public ResponseEntity<Customer> getCustomer(UUID id) {
        return responses.ok(service.get(id));
    }

    @Override
    public ResponseEntity<Customer> patchCustomer(UUID id, JsonNode patch, String ifMatch) {
        return responses.ok(service.patch(id, ETags.requireIfMatch(ifMatch), patch));
    }

    @Override
    public ResponseEntity<Customer> archiveCustomer(UUID id, String ifMatch) {
        return responses.ok(service.archive(id, ifMatch == null ? null : ETags.requireIfMatch(ifMatch)));
    }

    @Override
    public ResponseEntity<CustomerHistoryPage> listCustomerHistory(UUID id, Integer limit, String cursor) {
        return ResponseEntity.ok(history.list(id, limit, cursor));
    }

    @Override
    public ResponseEntity<CustomerPage> listCustomers(Integer limit, String cursor, String sort, String q,
                                                      LifecycleStage lifecycleStage, String tag, String ownerId,
                                                      CustomerType type, OffsetDateTime updatedSince,
                                                      Boolean includeArchived) {
        var filter = new CustomerSearch.Filter(q, lifecycleStage == null ? null : lifecycleStage.getValue(), tag,
                ownerId, type == null ? null : type.getValue(), updatedSince, Boolean.TRUE.equals(includeArchived));
        return ResponseEntity.ok(search.list(filter, limit, cursor, sort));
    }
}
