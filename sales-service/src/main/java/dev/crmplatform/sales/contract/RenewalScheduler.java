package dev.crmplatform.sales.contract;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * The durable, cluster-safe renewal scheduler: db-scheduler (core library, wired by hand; the 16.x Spring Boot
 * starter's metrics and health auto-configurations do not activate on Boot 4, see the pom) on the service's own
 * database ({@code scheduled_tasks}).
 *
 * <p>Each contract has one execution of task {@value #TASK} (instance = contract id, data = tenant id), due at the
 * start of the renewal day. Scheduling goes through a transaction-aware data source, so it commits or rolls back
 * with the contract change that caused it. Any number of instances may run: db-scheduler lets exactly one pick a due
 * execution ({@code select ... for update skip locked}), and if that instance dies the execution is picked again
 * after its heartbeat goes stale; {@link ContractRenewals} makes that second run harmless.
 *
 * <p>A Spring {@link SmartLifecycle}: {@link #start()} builds and starts a new {@link Scheduler}, {@link #stop()}
 * stops it, so the scheduler can be restarted in-process (tests use that to simulate a restart).
 */
@Component
public class RenewalScheduler implements SmartLifecycle {

    public static final String TASK = "contract-renewal";
    private static final Logger log = LoggerFactory.getLogger(RenewalScheduler.class);

    private final DataSource dataSource;
    private final ContractsProperties.Scheduler config;
    private final CustomTask<String> task;
    private final SchedulerClient client;
    private volatile Scheduler scheduler;

    public RenewalScheduler(DataSource dataSource, ContractRenewals renewals, ContractsProperties properties) {
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.config = properties.scheduler();
        this.task = Tasks.custom(TASK, String.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(config.retryInterval()))
                .execute((instance, context) -> {
                    ContractRenewals.Next next = renewals.handle(UUID.fromString(instance.getData()),
                            UUID.fromString(instance.getId()));
                    return (CompletionHandler<String>) (complete, operations) -> {
                        if (next.rescheduleAt() == null) {
                            operations.remove();
                        } else {
                            operations.reschedule(complete, next.rescheduleAt());
                        }
                    };
                });
        this.client = SchedulerClient.Builder.create(this.dataSource, List.of(task)).build();
    }

    /**
     * Schedules (or moves) the renewal execution of a contract; joins the caller's transaction.
     *
     * @param at when it is due; in the past means "as soon as possible"
     */
    public void schedule(UUID tenant, UUID contractId, Instant at) {
        TaskInstanceId id = TaskInstanceId.of(TASK, contractId.toString());
        if (client.getScheduledExecution(id).isPresent()) {
            try {
                client.reschedule(id, at);
            } catch (TaskInstanceCurrentlyExecutingException ex) {
                // The running execution waits for the contract's row lock held by the caller's transaction and then
                // re-reads the contract: it handles the new end date itself (renewal or reschedule).
            }
        } else {
            client.scheduleIfNotExists(task.instance(contractId.toString(), tenant.toString()), at);
        }
    }

    /** When the contract's renewal execution is due, if one is scheduled. */
    public java.util.Optional<Instant> scheduledAt(UUID contractId) {
        return client.getScheduledExecution(TaskInstanceId.of(TASK, contractId.toString()))
                .map(e -> e.getExecutionTime());
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || !config.enabled()) {
            return;
        }
        scheduler = Scheduler.create(dataSource, List.of(task))
                .pollingInterval(config.pollingInterval())
                .threads(config.threads())
                .shutdownMaxWait(java.time.Duration.ofSeconds(10))
                .build();
        scheduler.start();
        log.info("Renewal scheduler started (polling every {})", config.pollingInterval());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
