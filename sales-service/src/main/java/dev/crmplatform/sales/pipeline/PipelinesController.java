package dev.crmplatform.sales.pipeline;

import dev.crmplatform.contracts.sales.api.PipelinesApi;
import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.contracts.sales.model.PipelineStage;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PipelinesController implements PipelinesApi {

    private final Pipeline pipeline;

    public PipelinesController(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public ResponseEntity<dev.crmplatform.contracts.sales.model.Pipeline> getDefaultPipeline() {
        var dto = new dev.crmplatform.contracts.sales.model.Pipeline().id("default").name("Default pipeline");
        int position = 1;
        for (OpportunityStage stage : pipeline.stages()) {
            dto.addStagesItem(new PipelineStage()
                    .stage(stage)
                    .position(position++)
                    .probability(pipeline.probability(stage))
                    .closed(Pipeline.isClosed(stage))
                    .won(stage == OpportunityStage.CLOSED_WON));
        }
        return ResponseEntity.ok(dto);
    }
}
