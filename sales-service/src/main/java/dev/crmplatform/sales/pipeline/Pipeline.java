package dev.crmplatform.sales.pipeline;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** The configured pipeline: stage order, win probabilities and which stages are closed. */
@Component
public class Pipeline {

    private final PipelineProperties properties;

    public Pipeline(PipelineProperties properties) {
        this.properties = properties;
    }

    public int probability(OpportunityStage stage) {
        return properties.probabilities().get(stage);
    }

    public static boolean isClosed(OpportunityStage stage) {
        return stage == OpportunityStage.CLOSED_WON || stage == OpportunityStage.CLOSED_LOST;
    }

    /** Stages in pipeline order (the enum's declaration order). */
    public List<OpportunityStage> stages() {
        return Arrays.asList(OpportunityStage.values());
    }
}
