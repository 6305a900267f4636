package dev.crmplatform.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Status;

@CrmIntegrationTest
class KafkaHealthIT {

    @Autowired HealthEndpointGroups groups;
    @Autowired HealthEndpoint health;
    @Autowired KafkaHealthIndicator kafka;

    @Test
    void kafkaIsUpAndPartOfTheReadinessGroup() {
        assertThat(kafka.health().getStatus()).isEqualTo(Status.UP);
        assertThat(kafka.health().getDetails()).containsKey("clusterId");
        assertThat(groups.get("readiness").isMember("kafka")).isTrue();
        assertThat(groups.get("readiness").isMember("db")).isTrue();
        assertThat(groups.get("liveness").isMember("kafka")).isFalse();
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
    }
}
