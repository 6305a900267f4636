package dev.crmplatform.customer.imports;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Rows in PostgreSQL's COPY text format, buffered up to a number of rows and then sent with one {@code COPY ... FROM
 * STDIN} through a {@link CopySender} (on its own thread): memory stays bounded however long the file is, and each
 * round trip carries thousands of rows.
 */
final class CopyBuffer {

    private final CopySender copy;
    private final String copySql;
    private final int maxRows;
    private final StringBuilder text = new StringBuilder(1 << 16);
    private int rows;
    private boolean rowStarted;
    private long total;

    CopyBuffer(CopySender copy, String copySql, int maxRows) {
        this.copy = copy;
        this.copySql = copySql;
        this.maxRows = maxRows;
    }

    CopyBuffer add(Object value) {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Collection<?> items) {
            appendArray(items);
        } else {
            appendEscaped(value.toString());
        }
        return this;
    }

    /** Ends the row; queues the buffer for sending when it is full. */
    void endRow() throws SQLException, IOException {
        text.append('\n');
        rowStarted = false;
        rows++;
        if (rows >= maxRows) {
            flush();
        }
    }

    void flush() throws SQLException, IOException {
        if (rows == 0) {
            return;
        }
        copy.send(copySql, text.toString());
        total += rows; // COPY stores all rows of a buffer or fails the upload
        text.setLength(0);
        rows = 0;
    }

    long total() {
        return total;
    }

    /** A text[] literal; elements are quoted so that any character survives. */
    private void appendArray(Collection<?> items) {
        StringBuilder literal = new StringBuilder("{");
        for (Object item : items) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            String s = item.toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        appendEscaped(literal.append('}').toString());
    }

    private void appendEscaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
