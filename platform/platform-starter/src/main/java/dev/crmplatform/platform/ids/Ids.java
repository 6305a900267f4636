package dev.crmplatform.platform.ids;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * UUIDv7 identifiers: time-ordered, so new rows land at the right edge of B-tree indexes.
 *
 * <p>Minimal version written on branch "kafka" to code against PLAN.md; the owner (helper "web") provides the
 * definitive one and the lead reconciles at merge.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    public static UUID newId() {
        return GENERATOR.generate();
    }
}
