package dev.crmplatform.customer.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmplatform.customer.customers.CustomerInputs;
import dev.crmplatform.customer.customers.CustomerProperties;
import dev.crmplatform.customer.imports.CsvImportReader.RawRow;
import dev.crmplatform.customer.imports.ImportRows.Outcome;
import dev.crmplatform.customer.imports.ImportRows.RowError;
import dev.crmplatform.customer.imports.ImportRows.StagedRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ImportRowsTest {

    static final String HEADER = "type,firstName,lastName,organizationName,email,phone,lifecycleStage,tags\n";

    final ImportRows rows = new ImportRows(new CustomerInputs(new CustomerProperties("US")), JsonMapper.builder().build());

    @Test
    void normalisesAValidRowLikeTheCreateApi() {
        List<Outcome> outcomes = read(HEADER + "person, Alice ,Smith,,Alice.Smith@Example.com,(415) 555-0100,customer,VIP|news|vip\n");

        StagedRow row = (StagedRow) outcomes.getFirst();
        assertThat(row.rowNumber()).isEqualTo(1);
        assertThat(row.type()).isEqualTo("PERSON");
        assertThat(row.firstName()).isEqualTo("Alice");
        assertThat(row.displayName()).isEqualTo("Alice Smith");
        assertThat(row.email()).isEqualTo("alice.smith@example.com");
        assertThat(row.phone()).isEqualTo("+14155550100");
        assertThat(row.lifecycleStage()).isEqualTo("CUSTOMER");
        assertThat(row.tags()).containsExactly("vip", "news");
        assertThat(row.emailsJson()).contains("\"address\":\"alice.smith@example.com\"").contains("\"primary\":true");
        assertThat(row.searchText()).isEqualTo("alice smith alice smith alice.smith@example.com +14155550100 14155550100");
        assertThat(row.customerId().version()).isEqualTo(7);
    }

    @Test
    void anEmptyStageStaysUnsetSoThatMatchedCustomersKeepTheirs() {
        StagedRow row = (StagedRow) read(HEADER + "ORGANIZATION,,,Acme GmbH,,,,\n").getFirst();
        assertThat(row.lifecycleStage()).isNull();
        assertThat(row.displayName()).isEqualTo("Acme GmbH");
        assertThat(row.emailsJson()).isEqualTo("[]");
    }

    @Test
    void columnsMayComeInAnyOrderAndBeLeftOut() {
        StagedRow row = (StagedRow) read("email,type,lastName\nbo@example.com,PERSON,Lee\n").getFirst();
        assertThat(row.lastName()).isEqualTo("Lee");
        assertThat(row.email()).isEqualTo("bo@example.com");
    }

    @Test
    void aBadRowIsAnErrorNamingItsColumn() {
        List<Outcome> outcomes = read(HEADER + """
                PERSON,Ann,,,ann@,,,
                PERSON,Ann,,,,+1 415,,
                PERSON,Ann,,,,,,Bad Tag
                PERSON,Ann
                """);
        assertThat(outcomes).allMatch(RowError.class::isInstance);
        assertThat(outcomes).extracting(o -> ((RowError) o).field()).containsExactly("email", "phone", "tags", null);
        assertThat(outcomes).extracting(o -> ((RowError) o).rowNumber()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aBadHeaderIsAnInvalidFile() {
        assertThatThrownBy(() -> read("type,shoeSize\n")).isInstanceOf(InvalidCsvException.class)
                .hasMessageContaining("unknown columns [shoeSize]");
        assertThatThrownBy(() -> read("")).isInstanceOf(InvalidCsvException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> read("firstName\nAnn\n")).isInstanceOf(InvalidCsvException.class)
                .hasMessageContaining("'type'");
    }

    @Test
    void validatesFiftyThousandRows() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 50_000; i++) {
            csv.append("PERSON,First").append(i).append(",Last,,person").append(i).append("@example.com,")
                    .append(String.format("+1 212 %03d %04d", 200 + i / 10_000, i % 10_000)).append(",,bulk\n");
        }
        // speed is measured in bench/ (ImportBenchmark), never asserted here
        List<Outcome> outcomes = read(csv.toString());
        assertThat(outcomes).hasSize(50_000).allMatch(StagedRow.class::isInstance);
    }

    private List<Outcome> read(String csv) {
        List<Outcome> outcomes = new ArrayList<>();
        CsvImportReader reader = CsvImportReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        RawRow raw;
        while ((raw = reader.next()) != null) {
            outcomes.add(rows.normalise(raw));
        }
        return outcomes;
    }
}
