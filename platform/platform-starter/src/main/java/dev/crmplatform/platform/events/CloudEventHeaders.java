package dev.crmplatform.platform.events;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode
 * (attributes as {@code ce_}-prefixed headers, the data as the record value).
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** Extension attribute {@code tenantid}. */
    public static final String TENANT_ID = "ce_tenantid";
    /** Extension attribute {@code aggregateversion}. */
    public static final String AGGREGATE_VERSION = "ce_aggregateversion";
    /** Extension attribute {@code traceparent} (CloudEvents distributed tracing extension). */
    public static final String TRACEPARENT = "ce_traceparent";
    /** Plain W3C header, read by Micrometer's Kafka observation on the consumer side. */
    public static final String W3C_TRACEPARENT = "traceparent";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
