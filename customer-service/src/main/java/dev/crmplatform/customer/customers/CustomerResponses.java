package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.model.Customer;
import dev.crmplatform.platform.web.etag.ETags;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Customer state JSON to API responses, with the version as ETag. */
@Component
public class CustomerResponses {

    private final JsonMapper json;

    public CustomerResponses(JsonMapper json) {
        this.json = json;
    }

    public Customer toCustomer(String stateJson) {
        return json.readValue(stateJson, Customer.class);
    }

    public ResponseEntity<Customer> ok(String stateJson) {
        Customer customer = toCustomer(stateJson);
        return ResponseEntity.ok().eTag(ETags.of(customer.getVersion())).body(customer);
    }

    public ResponseEntity<Customer> created(String stateJson) {
        Customer customer = toCustomer(stateJson);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/customers/" + customer.getId()))
                .eTag(ETags.of(customer.getVersion()))
                .body(customer);
    }
}
