package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.signwriting.animation.data.RenderedSigns;
import org.signwriting.animation.data.SignIds;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.io.Inputs;

/**
 * The distinct SignWriting texts of a transcription CSV, read on the driver for the jobs that work per sign
 * (render-signwriting, prepare-embeddings): bad rows and unparsable SignWriting go to the job's rejections,
 * each text becomes one task however many rows hold it, and the pose files of its rows are kept for the
 * seed's one-PNG-per-row layout.
 */
final class TranscriptionSigns {
  /** A sign text to work on, and the CSV rows (inputs) that hold it. */
  record SignTask(String signId, String fsw, String swu, List<String> inputs) implements java.io.Serializable {}

  private final List<SignTask> signs;
  private final Map<String, List<String>> poseStemsByFsw;
  private final long rowsRead;

  private TranscriptionSigns(List<SignTask> signs, Map<String, List<String>> poseStemsByFsw, long rowsRead) {
    this.signs = signs;
    this.poseStemsByFsw = poseStemsByFsw;
    this.rowsRead = rowsRead;
  }

  /** The CSV at {@code location} (a path or URI, read through {@link Inputs} of the session). */
  static TranscriptionSigns read(JobRun run, String location) throws IOException {
    TranscriptionCsv.Result csv = run.readTranscriptions(location);
    String csvName = JobRun.csvName(location);
    Map<String, List<String>> inputsByFsw = new LinkedHashMap<>();
    Map<String, String> swuByFsw = new LinkedHashMap<>();
    Map<String, List<String>> poseStemsByFsw = new LinkedHashMap<>();
    for (TranscriptionRow row : csv.rows()) {
      String input = csvName + ":" + row.line();
      SignWritingColumns signWriting;
      try {
        signWriting = SignWritingColumns.of(row.text());
      } catch (IllegalArgumentException e) {
        run.reject(new Rejection(input, Rejection.Kind.UNPARSABLE_SIGNWRITING, input + ": " + e.getMessage()));
        continue;
      }
      inputsByFsw.computeIfAbsent(signWriting.fsw(), k -> new ArrayList<>()).add(input);
      swuByFsw.putIfAbsent(signWriting.fsw(), signWriting.swu());
      poseStemsByFsw.computeIfAbsent(signWriting.fsw(), k -> new ArrayList<>()).add(stem(row.pose()));
    }
    List<SignTask> signs = new ArrayList<>();
    inputsByFsw.forEach((fsw, inputs) -> signs.add(new SignTask(SignIds.of(fsw), fsw, swuByFsw.get(fsw), inputs)));
    return new TranscriptionSigns(signs, poseStemsByFsw, csv.rows().size() + csv.badRows().size());
  }

  List<SignTask> signs() {
    return signs;
  }

  /** CSV rows read, good and bad. */
  long rowsRead() {
    return rowsRead;
  }

  /** The seed's layout: one PNG per CSV row, named after its pose file, from a table with fsw and png. */
  void writePngs(Dataset<Row> written, Path pngDir) throws IOException {
    Files.createDirectories(pngDir);
    Iterator<Row> rows = written.select(RenderedSigns.FSW, RenderedSigns.PNG).toLocalIterator();
    while (rows.hasNext()) {
      Row row = rows.next();
      byte[] png = row.getAs(1);
      for (String stem : poseStemsByFsw.getOrDefault(row.getString(0), List.of())) {
        Files.write(pngDir.resolve(stem + ".png"), png);
      }
    }
  }

  private static String stem(String pose) {
    String name = Path.of(pose).getFileName().toString();
    return name.endsWith(".pose") ? name.substring(0, name.length() - ".pose".length()) : name;
  }
}
