package dev.crmplatform.platform.web.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.crmplatform.platform.web.problem.InvalidRequestException;

class PagingTest {

    private static final Map<String, String> FIELDS = Map.of("name", "c.name", "createdAt", "c.created_at",
            "id", "c.id");

    @Test
    void parsesSortWithDirections() {
        SortSpec spec = SortSpec.parse(" name , -createdAt", FIELDS, "createdAt");
        assertThat(spec.fields()).containsExactly(new SortSpec.Field("name", "c.name", false),
                new SortSpec.Field("createdAt", "c.created_at", true));
        assertThat(spec.signature()).isEqualTo("name,-createdAt");
        assertThat(SortSpec.parse(null, FIELDS, "-createdAt").signature()).isEqualTo("-createdAt");
        assertThat(SortSpec.parse("+name", FIELDS, "createdAt").signature()).isEqualTo("name");
    }

    @Test
    void rejectsUnknownDuplicateAndEmptySortFields() {
        assertThatThrownBy(() -> SortSpec.parse("password", FIELDS, "name"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getType()).isEqualTo("validation-failed");
                    assertThat(e.getErrors().getFirst().field()).isEqualTo("sort");
                    assertThat(e.getErrors().getFirst().message()).contains("[createdAt, id, name]");
                });
        assertThatThrownBy(() -> SortSpec.parse("name,-name", FIELDS, "name"))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SortSpec.parse("name,", FIELDS, "name")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SortSpec.parse("-", FIELDS, "name")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void validatesLimit() {
        assertThat(PageQuery.of(null, null, null, FIELDS, "name").limit()).isEqualTo(50);
        assertThat(PageQuery.of(200, null, null, FIELDS, "name").limit()).isEqualTo(200);
        assertThatThrownBy(() -> PageQuery.of(0, null, null, FIELDS, "name"))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> PageQuery.of(201, null, null, FIELDS, "name"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void cursorRoundTripsTypedValues() {
        OffsetDateTime time = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC);
        UUID id = UUID.randomUUID();
        List<Object> values = Arrays.asList("a", id, 5L, new BigDecimal("1.50"), true, time, LocalDate.of(2026, 1, 2),
                null);
        Cursor decoded = Cursor.decode(new Cursor("name,-createdAt", values).encode());
        assertThat(decoded.sort()).isEqualTo("name,-createdAt");
        assertThat(decoded.values()).containsExactlyElementsOf(values);
    }

    @Test
    void rejectsMalformedCursors() {
        for (String bad : List.of("", "!!!", "bm90IGpzb24", "eyJzIjoxfQ", "eyJzIjoibmFtZSIsImsiOltbInoiLDFdXX0")) {
            assertThatThrownBy(() -> Cursor.decode(bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.getType()).isEqualTo("invalid-cursor"));
        }
    }

    @Test
    void forgedCursorsWithDatesOutsideTheSupportedYearsAreRejected() {
        for (Object value : List.of(java.time.Instant.parse("+294277-01-01T00:00:00Z"),
                java.time.LocalDate.parse("-5000-01-01"), java.time.LocalDateTime.parse("+10000-01-01T00:00:00"))) {
            String forged = new Cursor("createdAt", List.of(value, UUID.randomUUID())).encode();
            assertThatThrownBy(() -> Cursor.decode(forged)).as(value.toString())
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.getType()).isEqualTo("invalid-cursor"));
        }
    }

    @Test
    void cursorOfAnotherSortIsRejected() {
        String cursor = new Cursor("name", List.of("x", UUID.randomUUID())).encode();
        assertThatThrownBy(() -> PageQuery.of(10, cursor, "-name", FIELDS, "name"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getType()).isEqualTo("invalid-cursor"));
    }

    @Test
    void firstPageHasNoPredicateAndAnIdTieBreaker() {
        Keyset keyset = Keyset.of(PageQuery.of(10, null, "-createdAt", FIELDS, "name"), "c.id");
        assertThat(keyset.where()).isEqualTo("TRUE");
        assertThat(keyset.orderBy()).isEqualTo("c.created_at DESC NULLS LAST, c.id DESC NULLS LAST");
        assertThat(keyset.params()).isEmpty();
        assertThat(keyset.fetchLimit()).isEqualTo(11);
    }

    @Test
    void predicateSeeksPastTheCursorHonouringDirectionsAndNulls() {
        UUID id = UUID.randomUUID();
        String cursor = new Cursor("name,-createdAt", Arrays.asList("bob", null, id)).encode();
        Keyset keyset = Keyset.of(PageQuery.of(10, cursor, "name,-createdAt", FIELDS, "name"), "c.id");
        assertThat(keyset.where()).isEqualTo("(((c.name > :ks0 OR c.name IS NULL))"
                + " OR (c.name = :ks0 AND c.created_at IS NULL AND (c.id < :ks2 OR c.id IS NULL)))");
        assertThat(keyset.params()).containsOnlyKeys("ks0", "ks2").containsEntry("ks0", "bob").containsEntry("ks2", id);
    }

    @Test
    void sortingByTheIdItselfNeedsNoExtraTieBreaker() {
        Keyset keyset = Keyset.of(PageQuery.of(10, null, "id", FIELDS, "id"), "c.id");
        assertThat(keyset.orderBy()).isEqualTo("c.id ASC NULLS LAST");
    }

    @Test
    void pageTrimsTheExtraRowAndEncodesTheLastKey() {
        record Row(String name, UUID id) {
        }
        List<Row> rows = List.of(new Row("a", UUID.randomUUID()), new Row("b", UUID.randomUUID()),
                new Row("c", UUID.randomUUID()));
        Keyset keyset = Keyset.of(PageQuery.of(2, null, "name", FIELDS, "name"), "c.id");
        Page<Row> page = keyset.page(rows, (row, field) -> field.equals("name") ? row.name() : row.id());
        assertThat(page.items()).containsExactly(rows.get(0), rows.get(1));
        assertThat(Cursor.decode(page.nextCursor()).values()).containsExactly("b", rows.get(1).id());

        Page<Row> last = keyset.page(rows.subList(0, 2), (row, field) -> row.id());
        assertThat(last.nextCursor()).isNull();
        assertThat(last.map(Row::name).items()).containsExactly("a", "b");
    }
}
