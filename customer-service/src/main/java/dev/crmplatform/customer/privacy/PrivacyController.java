package dev.crmplatform.customer.privacy;

import dev.crmplatform.contracts.customer.api.PrivacyApi;
import dev.crmplatform.contracts.customer.model.CustomerExport;
import dev.crmplatform.contracts.customer.model.CustomerStatus;
import dev.crmplatform.contracts.customer.model.ErasureResult;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PrivacyController implements PrivacyApi {

    private final PrivacyService service;

    public PrivacyController(PrivacyService service) {
        this.service = service;
    }

    @Override
    public ResponseEntity<CustomerExport> exportCustomer(UUID id) {
        // Personal data: no shared cache may keep a copy.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(service.export(id));
    }

    @Override
    public ResponseEntity<ErasureResult> eraseCustomer(UUID id) {
        PrivacyService.Erasure erasure = service.erase(id);
        return ResponseEntity.ok(new ErasureResult()
                .customerId(erasure.customerId())
                .status(CustomerStatus.ERASED)
                .erasedAt(erasure.erasedAt().atOffset(ZoneOffset.UTC)));
    }
}
