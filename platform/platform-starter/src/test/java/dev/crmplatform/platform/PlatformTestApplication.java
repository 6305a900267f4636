package dev.crmplatform.platform;

import dev.crmplatform.platform.events.IncomingEvent;
import dev.crmplatform.platform.inbox.Inbox;
import io.micrometer.tracing.Tracer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A service with nothing but the platform starter's auto-configuration (no component scan), for the starter's own
 * tests, plus one event listener wired the way services wire theirs.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PlatformTestApplication {

    public static final String LISTENER_TOPIC = "crm.it.inbox";

    @Bean
    @ConditionalOnProperty(name = "crm.it.listener.enabled", havingValue = "true")
    InboxTestListener inboxTestListener(Inbox inbox, DataSource dataSource, ObjectProvider<Tracer> tracer) {
        return new InboxTestListener(inbox, JdbcClient.create(dataSource), tracer);
    }

    /**
     * Applies {@code crm.test.renamed.v1} events to a small read model through the inbox; a payload name "fail"
     * makes the handler throw (retries, then the dead-letter topic).
     */
    public static class InboxTestListener implements SmartInitializingSingleton {

        private final Inbox inbox;
        private final JdbcClient jdbc;
        private final ObjectProvider<Tracer> tracer;
        public final List<UUID> attempts = new CopyOnWriteArrayList<>();
        /** Trace id current in the listener, per event id: shows whether the producer's trace continued. */
        public final Map<UUID, String> traceIds = new ConcurrentHashMap<>();

        InboxTestListener(Inbox inbox, JdbcClient jdbc, ObjectProvider<Tracer> tracer) {
            this.inbox = inbox;
            this.jdbc = jdbc;
            this.tracer = tracer;
        }

        // After all singletons, so after Flyway migrated (it refuses a non-empty schema without its history).
        @Override
        public void afterSingletonsInstantiated() {
            jdbc.sql("""
                    create table if not exists it_read_model (
                        aggregate_id text primary key, name text not null, version bigint not null,
                        tenant_id uuid, applications int not null default 1)
                    """).update();
        }

        @KafkaListener(id = "inbox-it", topics = LISTENER_TOPIC, groupId = "inbox-it")
        void on(ConsumerRecord<String, byte[]> record) {
            IncomingEvent event = IncomingEvent.from(record);
            attempts.add(event.id());
            Tracer current = tracer.getIfAvailable();
            if (current != null && current.currentSpan() != null) {
                traceIds.put(event.id(), current.currentSpan().context().traceId());
            }
            inbox.process(event, "it:" + event.subject(), e -> {
                String name = e.data().get("name").asString();
                if ("fail".equals(name)) {
                    throw new IllegalStateException("handler failure for " + e.id());
                }
                jdbc.sql("""
                                insert into it_read_model (aggregate_id, name, version, tenant_id)
                                values (:id, :name, :version, :tenant)
                                on conflict (aggregate_id) do update
                                set name = excluded.name, version = excluded.version,
                                    applications = it_read_model.applications + 1
                                """)
                        .param("id", e.subject())
                        .param("name", name)
                        .param("version", e.aggregateVersion())
                        .param("tenant", e.tenant())
                        .update();
            });
        }
    }
}
