package dev.crmplatform.sales.pipeline;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The default pipeline: win probability (percent) per stage, in pipeline order. Configurable under
 * {@code crm.sales.pipeline.probabilities}; unset stages keep the defaults of the issue.
 */
@ConfigurationProperties("crm.sales.pipeline")
public record PipelineProperties(Map<OpportunityStage, Integer> probabilities) {

    static final Map<OpportunityStage, Integer> DEFAULTS = defaults();

    public PipelineProperties {
        Map<OpportunityStage, Integer> merged = new LinkedHashMap<>(DEFAULTS);
        if (probabilities != null) {
            probabilities.forEach((stage, probability) -> {
                if (probability == null || probability < 0 || probability > 100) {
                    throw new IllegalArgumentException("crm.sales.pipeline.probabilities." + stage + " must be 0..100");
                }
                merged.put(stage, probability);
            });
        }
        probabilities = Map.copyOf(merged);
    }

    private static Map<OpportunityStage, Integer> defaults() {
        Map<OpportunityStage, Integer> defaults = new LinkedHashMap<>();
        defaults.put(OpportunityStage.PROSPECTING, 10);
        defaults.put(OpportunityStage.QUALIFICATION, 20);
        defaults.put(OpportunityStage.PROPOSAL, 50);
        defaults.put(OpportunityStage.NEGOTIATION, 75);
        defaults.put(OpportunityStage.CLOSED_WON, 100);
        defaults.put(OpportunityStage.CLOSED_LOST, 0);
        return defaults;
    }
}
