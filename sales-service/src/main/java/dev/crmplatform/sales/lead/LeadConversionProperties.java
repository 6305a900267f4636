package dev.crmplatform.sales.lead;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of the opportunity that lead conversion creates ({@code crm.sales.leads.conversion}).
 *
 * @param defaultCurrency  currency of the opportunity amount (0) when the request names none
 * @param defaultCloseDays expected close date = today (UTC) + this many days, when the request names none
 */
@ConfigurationProperties("crm.sales.leads.conversion")
public record LeadConversionProperties(
        @DefaultValue("EUR") String defaultCurrency,
        @DefaultValue("90") int defaultCloseDays) {
}
