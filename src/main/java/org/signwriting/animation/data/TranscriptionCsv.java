package org.signwriting.animation.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the transcription CSV of sign/data ({@code pose,videoLanguage,start,end,text,split}). Strict mode
 * ({@link #read}) fails on the first bad row; {@link #readCollectingBadRows} keeps the good rows and lists the
 * bad ones, which is what the Spark jobs need (bad rows go to their {@code _rejected} table).
 */
public final class TranscriptionCsv {
  public static final String POSE = "pose";
  public static final String VIDEO_LANGUAGE = "videoLanguage";
  public static final String START = "start";
  public static final String END = "end";
  public static final String TEXT = "text";
  public static final String SPLIT = "split";
  public static final List<String> COLUMNS = List.of(POSE, VIDEO_LANGUAGE, START, END, TEXT, SPLIT);

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true)
      .get();

  /** The rows read and the rows that could not be read. */
  public record Result(List<TranscriptionRow> rows, List<BadRow> badRows) {}

  private TranscriptionCsv() {}

  /** Every row, or a {@link TranscriptionCsvException} naming the first bad line and column. */
  public static List<TranscriptionRow> read(Path csv) throws IOException {
    Result result = parse(csv, true);
    return result.rows();
  }

  /**
   * The good rows, and the bad ones listed instead of failing. A file without the required columns is still
   * an error: none of its rows can be read.
   */
  public static Result readCollectingBadRows(Path csv) throws IOException {
    return parse(csv, false);
  }

  private static Result parse(Path csv, boolean failFast) throws IOException {
    String source = csv.toString();
    List<TranscriptionRow> rows = new ArrayList<>();
    List<BadRow> badRows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      CSVParser parser;
      try {
        parser = FORMAT.parse(reader);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new TranscriptionCsvException(new BadRow(source, 1, null, "unreadable header: " + e.getMessage()));
      }
      Map<String, Integer> header = headerWithoutByteOrderMark(parser);
      for (String column : COLUMNS) {
        if (!header.containsKey(column)) {
          throw new TranscriptionCsvException(new BadRow(source, 1, column,
              "missing column (the header has " + String.join(",", parser.getHeaderNames())
                  + "; expected " + String.join(",", COLUMNS) + ")"));
        }
      }
      Iterator<CSVRecord> records = parser.iterator();
      long previousEndLine = 1;
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          // A syntax error (e.g. an unterminated quote) leaves the parser without a next record.
          BadRow bad = new BadRow(source, previousEndLine + 1, null, "malformed CSV: " + rootMessage(e));
          if (failFast) {
            throw new TranscriptionCsvException(bad);
          }
          badRows.add(bad);
          break;
        }
        long line = previousEndLine + 1;
        previousEndLine = parser.getCurrentLineNumber();
        try {
          rows.add(toRow(source, line, record, header));
        } catch (TranscriptionCsvException e) {
          if (failFast) {
            throw e;
          }
          badRows.add(e.badRow());
        }
      }
    }
    return new Result(List.copyOf(rows), List.copyOf(badRows));
  }

  private static Map<String, Integer> headerWithoutByteOrderMark(CSVParser parser) {
    Map<String, Integer> header = new java.util.HashMap<>();
    parser.getHeaderMap().forEach((name, index) -> header.put(name.replace("\uFEFF", "").trim(), index));
    return header;
  }

  private static TranscriptionRow toRow(String source, long line, CSVRecord record, Map<String, Integer> header)
      throws TranscriptionCsvException {
    if (record.size() != header.size()) {
      throw new TranscriptionCsvException(new BadRow(source, line, null,
          "has " + record.size() + " fields, the header has " + header.size()));
    }
    String pose = required(source, line, record, header, POSE);
    String split = required(source, line, record, header, SPLIT);
    Long start = milliseconds(source, line, record, header, START);
    Long end = milliseconds(source, line, record, header, END);
    if (start != null && end != null && end < start) {
      throw new TranscriptionCsvException(new BadRow(source, line, END,
          "end " + end + " ms is before start " + start + " ms"));
    }
    return new TranscriptionRow(line, pose, field(record, header, VIDEO_LANGUAGE), start, end,
        field(record, header, TEXT), split);
  }

  private static String field(CSVRecord record, Map<String, Integer> header, String column) {
    return record.get(header.get(column)).trim();
  }

  private static String required(String source, long line, CSVRecord record, Map<String, Integer> header,
      String column) throws TranscriptionCsvException {
    String value = field(record, header, column);
    if (value.isEmpty()) {
      throw new TranscriptionCsvException(new BadRow(source, line, column, "is empty"));
    }
    return value;
  }

  /** Milliseconds: empty (null), or a non-negative whole number (a trailing {@code .0} is accepted). */
  private static Long milliseconds(String source, long line, CSVRecord record, Map<String, Integer> header,
      String column) throws TranscriptionCsvException {
    String value = field(record, header, column);
    if (value.isEmpty()) {
      return null;
    }
    try {
      double ms = Double.parseDouble(value);
      if (!Double.isFinite(ms) || ms < 0 || ms != Math.rint(ms) || ms > Long.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (long) ms;
    } catch (NumberFormatException e) {
      throw new TranscriptionCsvException(new BadRow(source, line, column,
          "'" + value + "' is not a whole, non-negative number of milliseconds"));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
