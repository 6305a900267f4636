package dev.crmplatform.bench;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Markdown results file of a benchmark, with its progress mirrored to the log. */
final class BenchReport {

    private static final Logger LOG = LoggerFactory.getLogger(BenchReport.class);

    private final StringBuilder text = new StringBuilder();

    BenchReport append(Object value) {
        text.append(value);
        return this;
    }

    BenchReport append(char value) {
        text.append(value);
        return this;
    }

    /** A new section with a two-column table of measures. */
    void section(String title) {
        text.append("## ").append(title).append("\n\n| measure | value |\n|---|---|\n");
        log("== %s", title);
    }

    void row(String measure, String value) {
        text.append("| ").append(measure).append(" | ").append(value).append(" |\n");
        log("%s: %s", measure, value);
    }

    /** A row of latency percentiles (nanoseconds in, milliseconds out), then the end of the table. */
    void percentiles(long[] nanos) {
        percentiles(null, nanos);
        text.append('\n');
    }

    /** A row of latency percentiles labelled {@code what}. */
    void percentiles(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        row((what == null ? "" : what + ": ") + "p50 / p95 / p99 / max", String.format(Locale.ROOT,
                "**%.2f / %.2f / %.2f / %.2f ms**", pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6));
    }

    @Override
    public String toString() {
        return text.toString();
    }

    static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void log(String format, Object... values) {
        LOG.info("[bench] {}", String.format(Locale.ROOT, format, values));
    }
}
