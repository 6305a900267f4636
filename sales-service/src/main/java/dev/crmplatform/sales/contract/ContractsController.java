package dev.crmplatform.sales.contract;

import dev.crmplatform.contracts.sales.api.ContractsApi;
import dev.crmplatform.contracts.sales.model.Contract;
import dev.crmplatform.contracts.sales.model.ContractCreateRequest;
import dev.crmplatform.contracts.sales.model.ContractPage;
import dev.crmplatform.contracts.sales.model.ContractStatus;
import dev.crmplatform.contracts.sales.model.Money;
import dev.crmplatform.platform.web.etag.ETags;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.sales.contract.ContractRepository.ContractRecord;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
public class ContractsController implements ContractsApi {

    private final ContractService service;
    private final ContractRenewals renewals;

    public ContractsController(ContractService service, ContractRenewals renewals) {
        this.service = service;
        this.renewals = renewals;
    }

    @Override
    public ResponseEntity<Contract> createContract(ContractCreateRequest request, String idempotencyKey) {
        ContractRecord created = service.create(request);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/contracts/" + created.id()))
                .eTag(ETags.of(created.version()))
                .body(toDto(created));
    }

    @Override
    public ResponseEntity<Contract> getContract(UUID id) {
        ContractRecord contract = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(contract.version())).body(toDto(contract));
    }

    @Override
    public ResponseEntity<ContractPage> listContracts(Integer limit, String cursor, String sort, UUID customerId,
                                                      ContractStatus status, LocalDate endingBefore) {
        Page<ContractRecord> page = service.list(limit, cursor, sort, customerId,
                status == null ? null : status.getValue(), endingBefore);
        ContractPage dto = new ContractPage().nextCursor(page.nextCursor());
        page.items().forEach(item -> dto.addItemsItem(toDto(item)));
        return ResponseEntity.ok(dto);
    }

    @Override
    public ResponseEntity<Contract> patchContract(UUID id, JsonNode patch, String ifMatch) {
        ContractRecord contract = service.patch(id, patch, ifMatch);
        return ResponseEntity.ok().eTag(ETags.of(contract.version())).body(toDto(contract));
    }

    private Contract toDto(ContractRecord contract) {
        return new Contract()
                .id(contract.id())
                .customerId(contract.customerId())
                .name(contract.name())
                .startDate(contract.startDate())
                .endDate(contract.endDate())
                .value(new Money().amount(amountText(contract.value())).currency(contract.currency()))
                .autoRenew(contract.autoRenew())
                .status(ContractStatus.fromValue(contract.effectiveStatus()))
                .termNumber(contract.termNumber())
                .renewalDueOn(renewals.dueOn(contract.endDate()))
                .renewalOpportunityId(contract.renewalOpportunityId())
                .createdAt(contract.createdAt().atOffset(ZoneOffset.UTC))
                .updatedAt(contract.updatedAt().atOffset(ZoneOffset.UTC))
                .createdBy(contract.createdBy())
                .updatedBy(contract.updatedBy())
                .version(contract.version());
    }

    /** A stored amount (4 decimals in the database) as given: at least 2 decimals, no precision lost. */
    static String amountText(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
    }
}
