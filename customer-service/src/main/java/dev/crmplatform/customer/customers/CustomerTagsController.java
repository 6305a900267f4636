package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.api.CustomerTagsApi;
import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.platform.web.etag.ETags;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CustomerTagsController implements CustomerTagsApi {

    private final CustomerService service;
    private final CustomerResponses responses;

    public CustomerTagsController(CustomerService service, CustomerResponses responses) {
        this.service = service;
        this.responses = responses;
    }

    @Override
    public ResponseEntity<Customer> addCustomerTag(UUID id, String tag, String ifMatch) {
        return responses.ok(service.addTag(id, tag, ifMatch == null ? null : ETags.requireIfMatch(ifMatch)));
    }

    @Override
    public ResponseEntity<Customer> removeCustomerTag(UUID id, String tag, String ifMatch) {
        return responses.ok(service.removeTag(id, tag, ifMatch == null ? null : ETags.requireIfMatch(ifMatch)));
    }
}
