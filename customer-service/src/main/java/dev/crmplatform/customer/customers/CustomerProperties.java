package dev.crmplatform.customer.customers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultPhoneRegion ISO 3166 region used for phone numbers written without a country code
 */
@ConfigurationProperties("crm.customer")
public record CustomerProperties(@DefaultValue("US") String defaultPhoneRegion) {
}
