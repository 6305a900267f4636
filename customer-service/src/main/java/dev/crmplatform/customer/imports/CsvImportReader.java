package dev.crmplatform.customer.imports;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Reads an import file one record at a time with Apache Commons CSV, never holding more than one record.
 *
 * <p>Whole-file problems are {@link InvalidCsvException}s: a header with unknown, repeated or missing required
 * columns; bytes that are not UTF-8 or contain NUL (a binary file); quoting the parser cannot recover from. Problems
 * confined to one row (wrong number of fields, invalid values) are the caller's row errors.
 */
final class CsvImportReader implements Closeable {

    static final List<String> COLUMNS = List.of("type", "firstName", "lastName", "organizationName", "email", "phone",
            "lifecycleStage", "tags");
    static final int TYPE = 0;
    static final int FIRST_NAME = 1;
    static final int LAST_NAME = 2;
    static final int ORGANIZATION_NAME = 3;
    static final int EMAIL = 4;
    static final int PHONE = 5;
    static final int LIFECYCLE_STAGE = 6;
    static final int TAGS = 7;

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(true)
            .setTrim(false)
            .get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    /** position in the file of each of {@link #COLUMNS}, -1 when the file lacks the column */
    private final int[] positions;
    private final int width;
    private long rowNumber;

    private CsvImportReader(CSVParser parser, Iterator<CSVRecord> records, int[] positions, int width) {
        this.parser = parser;
        this.records = records;
        this.positions = positions;
        this.width = width;
    }

    /** Opens the file and checks its header; nothing is read beyond the header. */
    static CsvImportReader open(InputStream body) {
        Reader reader = new TextOnlyReader(new InputStreamReader(withoutByteOrderMark(body),
                StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
        CSVParser parser;
        try {
            parser = FORMAT.parse(reader);
        } catch (IOException e) {
            throw new InvalidCsvException("The file cannot be read as CSV: " + e.getMessage());
        }
        Iterator<CSVRecord> records = parser.iterator();
        CSVRecord header = nextRecord(records, 0);
        if (header == null) {
            throw new InvalidCsvException("The file is empty; expected a header row: " + String.join(",", COLUMNS));
        }
        int[] positions = new int[COLUMNS.size()];
        Arrays.fill(positions, -1);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            int column = COLUMNS.indexOf(name);
            if (column < 0) {
                unknown.add(name.isEmpty() ? "(an empty name, column " + (i + 1) + ")"
                        : name.length() > 40 ? name.substring(0, 40) + "…" : name);
            } else if (positions[column] >= 0) {
                throw new InvalidCsvException("The header names column '" + name + "' twice.");
            } else {
                positions[column] = i;
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidCsvException("The header has unknown columns " + unknown + "; the columns are "
                    + String.join(",", COLUMNS) + ".");
        }
        if (positions[TYPE] < 0) {
            throw new InvalidCsvException("The header lacks the required column 'type'; the columns are "
                    + String.join(",", COLUMNS) + ".");
        }
        if (positions[FIRST_NAME] < 0 && positions[LAST_NAME] < 0 && positions[ORGANIZATION_NAME] < 0) {
            throw new InvalidCsvException("The header needs at least one of firstName, lastName, organizationName.");
        }
        return new CsvImportReader(parser, records, positions, header.size());
    }

    /** The next data row, or null at the end of the file. */
    RawRow next() {
        CSVRecord record = nextRecord(records, rowNumber + 1);
        if (record == null) {
            return null;
        }
        rowNumber++;
        if (record.size() != width) {
            return new RawRow(rowNumber, null, "has " + record.size() + " fields, the header has " + width);
        }
        String[] values = new String[COLUMNS.size()];
        for (int column = 0; column < values.length; column++) {
            values[column] = positions[column] < 0 ? null : blankToNull(record.get(positions[column]));
        }
        return new RawRow(rowNumber, values, null);
    }

    long rowsRead() {
        return rowNumber;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static CSVRecord nextRecord(Iterator<CSVRecord> records, long rowNumber) {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // No row number for these two: the text is decoded ahead of the parser, in blocks of several rows.
            if (cause instanceof CharacterCodingException) {
                throw new InvalidCsvException("The file is not UTF-8 text; save it as UTF-8 (\"CSV UTF-8\" in "
                        + "spreadsheet tools) and upload it again.");
            }
            if (cause instanceof BinaryContentException) {
                throw new InvalidCsvException("The file contains binary data; expected UTF-8 CSV text.");
            }
            throw new InvalidCsvException("The file is not valid CSV at data row " + rowNumber + ": "
                    + cause.getMessage());
        }
    }

    /** The file without the UTF-8 byte order mark that spreadsheet tools write before it, if any. */
    private static InputStream withoutByteOrderMark(InputStream body) {
        try {
            return BOMInputStream.builder().setInputStream(body).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /**
     * One data row: {@code values} in {@link #COLUMNS} order (null when empty or absent), or {@code error} when the
     * row cannot even be split into the header's columns.
     */
    record RawRow(long number, String[] values, String error) {

        String value(int column) {
            return values[column];
        }
    }

    /** A NUL character never occurs in CSV text: it marks a binary file uploaded as text/csv. */
    private static final class TextOnlyReader extends FilterReader {

        TextOnlyReader(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c == 0) {
                throw new BinaryContentException();
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = offset; i < offset + n; i++) {
                if (buffer[i] == 0) {
                    throw new BinaryContentException();
                }
            }
            return n;
        }
    }

    private static final class BinaryContentException extends IOException {

        BinaryContentException() {
            super("NUL character in text");
        }
    }
}
