package dev.crmplatform.platform.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreMonotonicVersion7Uuids() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Ids.newId());
        }
        assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
        // Time-ordered: string order equals creation order, which keyset pagination on the id relies on.
        assertThat(ids.stream().map(UUID::toString).toList()).isSorted().doesNotHaveDuplicates();
    }
}
