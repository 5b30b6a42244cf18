package org.signwriting.animation.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.signwriting.animation.io.InputPaths;

/**
 * Reads the transcription CSV of sign/data ({@code pose,videoLanguage,start,end,text,split}). Strict mode
 * ({@link #read}) fails on the first bad row; {@link #readCollectingBadRows} keeps the good rows and lists the
 * bad ones, which is what the Spark jobs need (bad rows go to their {@code _rejected} table).
 *
 * <p>Each line is one record, read on its own: quoted fields may hold commas and doubled quotes, not line breaks
 * (no column of this CSV holds text across lines). So a damaged line (a stray quote, bytes that are not UTF-8, a
 * line longer than {@link #MAX_LINE_BYTES}) is one bad row with its line number, and every later line is still
 * read. The {@code pose} column must name a file inside the pose folder ({@link InputPaths#relative}); rows are
 * given that normalized name.
 */
public final class TranscriptionCsv {
  public static final String POSE = "pose";
  public static final String VIDEO_LANGUAGE = "videoLanguage";
  public static final String START = "start";
  public static final String END = "end";
  public static final String TEXT = "text";
  public static final String SPLIT = "split";
  public static final List<String> COLUMNS = List.of(POSE, VIDEO_LANGUAGE, START, END, TEXT, SPLIT);
  /** The longest line read: the real corpus's lines are under 200 bytes; a longer one is a bad row, not memory. */
  public static final int MAX_LINE_BYTES = 1 << 20;
  /** How rows name the folder their {@code pose} column is relative to. */
  public static final String POSE_FOLDER = "the pose folder";

  private static final CSVFormat LINE_FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

  /** The rows read and the rows that could not be read. */
  public record Result(List<TranscriptionRow> rows, List<BadRow> badRows) {}

  private TranscriptionCsv() {}

  /** Every row, or a {@link TranscriptionCsvException} naming the first bad line and column. */
  public static List<TranscriptionRow> read(Path csv) throws IOException {
    try (InputStream in = Files.newInputStream(csv)) {
      return read(csv.toString(), in);
    }
  }

  /** As {@link #read(Path)}, from a stream; {@code source} names it in messages. */
  public static List<TranscriptionRow> read(String source, InputStream in) throws IOException {
    return parse(source, in, true).rows();
  }

  /**
   * The good rows, and the bad ones listed instead of failing. A file without the required columns is still
   * an error: none of its rows can be read.
   */
  public static Result readCollectingBadRows(Path csv) throws IOException {
    try (InputStream in = Files.newInputStream(csv)) {
      return readCollectingBadRows(csv.toString(), in);
    }
  }

  /** As {@link #readCollectingBadRows(Path)}, from a stream; {@code source} names it in messages. */
  public static Result readCollectingBadRows(String source, InputStream in) throws IOException {
    return parse(source, in, false);
  }

  private static Result parse(String source, InputStream in, boolean failFast) throws IOException {
    List<TranscriptionRow> rows = new ArrayList<>();
    List<BadRow> badRows = new ArrayList<>();
    Lines lines = new Lines(new BufferedInputStream(in, 1 << 16));
    String headerLine = lines.next();
    if (headerLine == null) {
      throw new TranscriptionCsvException(new BadRow(source, 1, POSE, "missing column (the file is empty; "
          + "expected " + String.join(",", COLUMNS) + ")"));
    }
    if (lines.problem != null) {
      throw new TranscriptionCsvException(new BadRow(source, 1, null, "unreadable header: " + lines.problem));
    }
    List<String> names;
    try {
      names = fields(headerLine);
    } catch (IOException | RuntimeException e) {
      throw new TranscriptionCsvException(new BadRow(source, 1, null, "unreadable header: "
          + syntaxProblem(headerLine, e)));
    }
    Map<String, Integer> header = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      header.putIfAbsent(names.get(i).replace("\uFEFF", "").trim(), i);
    }
    for (String column : COLUMNS) {
      if (!header.containsKey(column)) {
        throw new TranscriptionCsvException(new BadRow(source, 1, column,
            "missing column (the header has " + String.join(",", names) + "; expected " + String.join(",", COLUMNS)
                + ")"));
      }
    }
    for (String line = lines.next(); line != null; line = lines.next()) {
      try {
        if (lines.problem != null) {
          throw new TranscriptionCsvException(new BadRow(source, lines.number, null, lines.problem));
        }
        if (line.isEmpty()) {
          continue;
        }
        List<String> record;
        try {
          record = fields(line);
        } catch (IOException | RuntimeException e) {
          throw new TranscriptionCsvException(new BadRow(source, lines.number, null,
              "malformed CSV: " + syntaxProblem(line, e)));
        }
        rows.add(toRow(source, lines.number, record, names.size(), header));
      } catch (TranscriptionCsvException e) {
        if (failFast) {
          throw e;
        }
        badRows.add(e.badRow());
      }
    }
    return new Result(List.copyOf(rows), List.copyOf(badRows));
  }

  /** The fields of one line. */
  private static List<String> fields(String line) throws IOException {
    try (CSVParser parser = LINE_FORMAT.parse(new StringReader(line))) {
      List<String> fields = new ArrayList<>();
      for (CSVRecord record : parser) {
        if (!fields.isEmpty()) {
          throw new IOException("more than one record on the line");
        }
        record.forEach(fields::add);
      }
      return fields;
    }
  }

  /**
   * What is wrong with a line Commons CSV could not parse, without Commons CSV's own line numbers (it parsed the
   * line alone, so they always say 1): a quote left open in words, else its reason at a character of the line.
   */
  private static String syntaxProblem(String line, Throwable e) {
    if (line.chars().filter(c -> c == '"').count() % 2 == 1) {
      return "a quote is not closed on the line (a field cannot span lines)";
    }
    return rootMessage(e).replaceFirst("^\\(startline [\\d,]+\\) ", "")
        .replaceFirst(" at line: [\\d,]+, position: ([\\d,]+)", " at character $1 of the line");
  }

  /**
   * The lines of a stream as UTF-8 text, ended by LF, CR LF or CR. A line that is not valid UTF-8 or is too long
   * comes back with {@link #problem} set (and a line too long is not kept), so the caller can report it and go on.
   */
  private static final class Lines {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The number of the line last returned, from 1. */
    long number;
    /** What is wrong with the line last returned, or null. */
    String problem;

    Lines(InputStream in) {
      this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    String next() throws IOException {
      bytes.reset();
      problem = null;
      long length = 0;
      int b = in.read();
      if (b < 0) {
        return null;
      }
      number++;
      while (b >= 0 && b != '\n' && b != '\r') {
        if (length++ < MAX_LINE_BYTES) {
          bytes.write(b);
        }
        b = in.read();
      }
      if (b == '\r') {
        in.mark(1);
        if (in.read() != '\n') {
          in.reset();
        }
      }
      if (length > MAX_LINE_BYTES) {
        problem = "the line is " + length + " bytes long, more than the " + MAX_LINE_BYTES + " a row may have";
        return "";
      }
      try {
        return decoder.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
      } catch (CharacterCodingException e) {
        int at = e instanceof MalformedInputException malformed ? badByte(malformed) : 0;
        problem = "bytes that are not UTF-8 at byte " + at + " of the line";
        return "";
      }
    }

    /** The 1-based position in the line of the first byte the decoder refused. */
    private int badByte(MalformedInputException e) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      decoder.reset();
      CharBuffer out = CharBuffer.allocate(buffer.remaining());
      decoder.decode(buffer, out, true);
      return buffer.position() + 1;
    }
  }

  private static TranscriptionRow toRow(String source, long line, List<String> record, int columns,
      Map<String, Integer> header) throws TranscriptionCsvException {
    if (record.size() != columns) {
      throw new TranscriptionCsvException(new BadRow(source, line, null,
          "has " + record.size() + " fields, the header has " + columns));
    }
    String named = required(source, line, record, header, POSE);
    String pose;
    try {
      pose = InputPaths.relative(named, POSE_FOLDER);
    } catch (InputPaths.OutsideRootException e) {
      throw new TranscriptionCsvException(new BadRow(source, line, POSE, e.getMessage(),
          BadRow.Problem.POSE_OUTSIDE_FOLDER));
    }
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

  private static String field(List<String> record, Map<String, Integer> header, String column) {
    return record.get(header.get(column)).trim();
  }

  private static String required(String source, long line, List<String> record, Map<String, Integer> header,
      String column) throws TranscriptionCsvException {
    String value = field(record, header, column);
    if (value.isEmpty()) {
      throw new TranscriptionCsvException(new BadRow(source, line, column, "is empty"));
    }
    return value;
  }

  /** Milliseconds: empty (null), or a non-negative whole number (a trailing {@code .0} is accepted). */
  private static Long milliseconds(String source, long line, List<String> record, Map<String, Integer> header,
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
