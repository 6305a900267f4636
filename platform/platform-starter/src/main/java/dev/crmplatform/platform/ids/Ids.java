package dev.crmplatform.platform.ids;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Identifier factory. Every id in the platform is a UUIDv7: time-ordered, so B-tree inserts stay local and
 * keyset pagination on the id is roughly chronological.
 */
public final class Ids {

    // The epoch generator is thread-safe and monotonic within a millisecond (it increments the random part).
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    /** A new UUIDv7. */
    public static UUID newId() {
        return GENERATOR.generate();
    }
}
