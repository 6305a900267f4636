package dev.crmplatform.sales.contract;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Contract renewals ({@code crm.sales.contracts}).
 *
 * @param renewalLeadDays how many days before a term's end date its renewal is due (opportunity + event)
 * @param scheduler       the durable renewal scheduler (db-scheduler) of this instance
 */
@ConfigurationProperties("crm.sales.contracts")
public record ContractsProperties(@DefaultValue("30") int renewalLeadDays, @DefaultValue Scheduler scheduler) {

    public ContractsProperties {
        if (renewalLeadDays < 0 || renewalLeadDays > 3650) {
            throw new IllegalArgumentException("crm.sales.contracts.renewal-lead-days must be 0..3650");
        }
    }

    /**
     * @param enabled         whether this instance executes due renewals (any number of instances may: each due
     *                        execution is picked by exactly one of them)
     * @param pollingInterval how often due executions are looked for (the "check interval")
     * @param threads         executor threads
     * @param retryInterval   first wait after a failed execution (doubling after each further failure)
     */
    public record Scheduler(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration pollingInterval,
                            @DefaultValue("2") int threads, @DefaultValue("30s") Duration retryInterval) {
    }
}
