package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.testing.DuckDb;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;

/**
 * prepare-poses on copies of real pose files with generated bad ones beside them: every good row is written
 * with the values the pose library gives, every bad input lands in {@code _rejected} with its reason.
 */
class PreparePosesJobTest {
  static final String WHATSTHATSIGN = "whatsthatsign-524.pose";
  static final String DICTIO = "dictio-czj-3debf210b4a99ac12155e654c3aeb51a.pose";
  static final String DSGS = "dsgs-original-essen.pose";
  static final String OPENPOSE = "pose-format-openpose.pose";

  @TempDir Path dir;
  Path poses;

  @BeforeEach
  void corpus() throws IOException {
    poses = dir.resolve("poses");
    Files.createDirectories(poses);
    for (String name : List.of(WHATSTHATSIGN, DICTIO, DSGS, OPENPOSE)) {
      Files.copy(SharedData.path("poses/" + name), poses.resolve(name));
    }
    byte[] real = Files.readAllBytes(poses.resolve(DICTIO));
    Files.write(poses.resolve("empty.pose"), new byte[0]);
    Files.write(poses.resolve("truncated-body.pose"), Arrays.copyOf(real, real.length / 2));
    Files.write(poses.resolve("truncated-header.pose"), Arrays.copyOf(real, 40));
    byte[] unknownVersion = real.clone();
    java.nio.ByteBuffer.wrap(unknownVersion).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0, 9.5f);
    Files.write(poses.resolve("unknown-version.pose"), unknownVersion);
    Pose nan = PoseReader.read(poses.resolve(WHATSTHATSIGN));
    int elbow = nan.header().pointIndex("POSE_LANDMARKS", "RIGHT_ELBOW");
    nan.body().data()[nan.body().dataIndex(3, 0, elbow) + 1] = Float.NaN;
    org.signwriting.animation.pose.PoseWriter.write(nan, poses.resolve("nan.pose"));
  }

  private Path csv(String... rows) throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, "pose,videoLanguage,start,end,text,split\n" + String.join("\n", rows) + "\n",
        StandardCharsets.UTF_8);
    return file;
  }

  static final String SWU = new String(new int[] {0x1D803, 0x1D912, 0x1D916, 0x41CA1, 0x1D8FB, 0x1D8F7}, 0, 6);

  /** The FSW the reference (signwriting's swu2fsw) gives for {@link #SWU}. */
  static final String FSW = "M512x516S14c20489x485";

  @Test
  void goodRowsAreWrittenAndEveryBadInputIsRejectedWithItsReason() throws IOException, SQLException {
    Path csv = csv(
        WHATSTHATSIGN + ",ase,0,2402," + SWU + ",train",         // 2: real row; its end is past the file: clamped
        DICTIO + ",cse,0,1320," + SWU + ",train",                // 3
        DSGS + ",sgg,,," + SWU + ",dev",                         // 4: whole file
        DICTIO + ",cse,400,800," + SWU + ",test",                // 5: a cut
        "missing.pose,ase,0,100," + SWU + ",train",              // 6: points nowhere
        "empty.pose,ase,0,100," + SWU + ",train",                // 7
        "truncated-body.pose,ase,,," + SWU + ",train",           // 8
        "truncated-header.pose,ase,,," + SWU + ",train",         // 9
        "unknown-version.pose,ase,,," + SWU + ",train",          // 10
        DICTIO + ",cse,5000,6000," + SWU + ",train",             // 11: starts after the file's end (1320 ms)
        OPENPOSE + ",ase,,," + SWU + ",train",                   // 12: not holistic
        DICTIO + ",cse,zero,1320," + SWU + ",train",             // 13: malformed
        WHATSTHATSIGN + ",ase,0,2402," + SWU + ",dev",           // 14: duplicate of line 2
        DSGS + ",sgg,0,500,M518x518S1000X482x483,train",         // 15: unparsable SignWriting
        DSGS + ",sgg,0,400,,train",                              // 16: no SignWriting
        "nan.pose,ase,,," + SWU + ",train");                     // 17: a NaN coordinate
    Path output = dir.resolve("out");
    JobSummary summary = PreparePosesJob.run(LocalSpark.session(),
        new PreparePosesJob.Options(poses.toString(), csv.toString(), output.toString(), false));

    List<Map<String, Object>> rows = DuckDb.query("SELECT * FROM " + DuckDb.preparedPoses(output) + " ORDER BY id");
    List<String> ids = rows.stream().map(r -> (String) r.get("id")).toList();
    assertEquals(List.of(
        "dictio-czj-3debf210b4a99ac12155e654c3aeb51a@0-1320",
        "dictio-czj-3debf210b4a99ac12155e654c3aeb51a@400-800",
        "dsgs-original-essen",
        "whatsthatsign-524@0-2402"), ids);
    for (Map<String, Object> row : rows) {
      String pose = (String) row.get("pose");
      Long start = (Long) row.get("start_ms");
      Long end = (Long) row.get("end_ms");
      FrameRange range = start == null ? FrameRange.all() : FrameRange.millis(start, end);
      Pose expected = PosePreprocessing.forTraining(PoseReader.read(SharedData.path("poses/" + pose), range));
      assertEquals(expected.body().frames(), row.get("frames"), pose);
      assertEquals(178, row.get("points"));
      assertEquals(3, row.get("dims"));
      assertEquals(1, row.get("people"));
      assertEquals(expected.body().fps(), (Float) row.get("fps"));
      assertArrayEquals(expected.body().data(), PreparedPoses.floats((byte[]) row.get("data")), pose);
      assertArrayEquals(expected.body().confidence(), PreparedPoses.floats((byte[]) row.get("confidence")), pose);
      assertEquals(178, ((List<?>) row.get("point_names")).size());
      assertEquals("POSE_LANDMARKS", ((List<?>) row.get("point_components")).get(0));
      assertEquals(SWU, row.get("swu"));
      assertEquals(FSW, row.get("fsw"));
      assertEquals(org.signwriting.animation.data.SignIds.of(FSW), row.get("sign_id"));
    }
    Map<String, Object> cut = rows.get(1);
    assertEquals("test", cut.get("split"));
    assertEquals(10, cut.get("frames")); // 400..800 ms at 25 fps: frames 10 to 20
    assertEquals(31, rows.get(3).get("frames")); // 0..2402 ms of a 31-frame file: clamped, as pose-format does
    assertEquals("dev", rows.get(2).get("split"));
    assertNull(rows.get(2).get("start_ms"));
    assertEquals("sgg", rows.get(2).get("language"));

    Map<String, String> rejected = new TreeMap<>();
    Map<String, String> reasons = new TreeMap<>();
    for (Map<String, Object> r : DuckDb.query("SELECT * FROM " + DuckDb.table(output.resolve("_rejected")))) {
      rejected.put((String) r.get("input"), (String) r.get("kind"));
      reasons.put((String) r.get("input"), (String) r.get("reason"));
    }
    Map<String, String> expectedKinds = new TreeMap<>(Map.ofEntries(
        Map.entry("data.csv:6", "missing pose file"),
        Map.entry("data.csv:7", "empty pose file"),
        Map.entry("data.csv:8", "corrupt pose file"),
        Map.entry("data.csv:9", "corrupt pose file"),
        Map.entry("data.csv:10", "corrupt pose file"),
        Map.entry("data.csv:11", "times outside the pose file"),
        Map.entry("data.csv:12", "unsupported pose layout"),
        Map.entry("data.csv:13", "malformed CSV row"),
        Map.entry("data.csv:14", "duplicate CSV row"),
        Map.entry("data.csv:15", "unparsable SignWriting"),
        Map.entry("data.csv:16", "unparsable SignWriting"),
        Map.entry("data.csv:17", "invalid pose values")));
    assertEquals(expectedKinds, rejected);
    assertTrue(reasons.get("data.csv:6").contains("missing.pose: no such file"), reasons.get("data.csv:6"));
    assertTrue(reasons.get("data.csv:8").contains("truncated body"), reasons.get("data.csv:8"));
    assertTrue(reasons.get("data.csv:9").contains("truncated-header.pose"), reasons.get("data.csv:9"));
    assertTrue(reasons.get("data.csv:10").contains("unknown version"), reasons.get("data.csv:10"));
    assertTrue(reasons.get("data.csv:11").contains("file has 33 frames"), reasons.get("data.csv:11"));
    assertTrue(reasons.get("data.csv:13").contains("line 13, column 'start'"), reasons.get("data.csv:13"));
    assertTrue(reasons.get("data.csv:14").contains("same pose and times as line 2"), reasons.get("data.csv:14"));

    assertTrue(reasons.get("data.csv:15").contains("S1000X"), reasons.get("data.csv:15"));
    assertEquals("nan.pose: frame 3, point POSE_LANDMARKS/RIGHT_ELBOW: y is NaN (a detected point's coordinates "
        + "are finite, within +-1e+06)", reasons.get("data.csv:17"));
    assertEquals(16, summary.read());
    assertEquals(4, summary.written());
    assertEquals(summary.read(), summary.written() + summary.rejected());
    assertEquals(3L, summary.rejectedByKind().get("corrupt pose file"));
    String json = Files.readString(output.resolve("_summary.json"));
    assertTrue(json.contains("\"written\": 4") && json.contains("\"corrupt pose file\": 3"), json);
  }

  @Test
  void untranscribedPosesAreWrittenWholeAndRerunsReplaceTheOutput() throws IOException, SQLException {
    Path output = dir.resolve("out");
    Path csv = csv(DICTIO + ",cse,0,1320," + SWU + ",train");
    PreparePosesJob.run(LocalSpark.session(), new PreparePosesJob.Options(poses.toString(), csv.toString(), output.toString(), false));
    assertEquals(1, DuckDb.query("SELECT id FROM " + DuckDb.preparedPoses(output)).size());

    JobSummary summary = PreparePosesJob.run(LocalSpark.session(),
        new PreparePosesJob.Options(poses.toString(), csv.toString(), output.toString(), true));
    Map<String, String> splitById = DuckDb.query("SELECT id, split, swu FROM " + DuckDb.preparedPoses(output))
        .stream().collect(Collectors.toMap(r -> (String) r.get("id"), r -> r.get("split") + "/" + r.get("swu")));
    assertEquals(Map.of(
        "dictio-czj-3debf210b4a99ac12155e654c3aeb51a@0-1320", "train/" + SWU,
        "whatsthatsign-524", "untranscribed/null",
        "dsgs-original-essen", "untranscribed/null"), splitById);
    // The bad files without a row are inputs too, and rejected.
    assertEquals(3, summary.written());
    assertEquals(1 + 8, summary.read());
    try (var listing = Files.list(dir)) {
      assertEquals(List.of("data.csv", "out", "poses"), listing.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void fileUrisReadThroughHadoopAndTheTableCarriesItsLayout() throws Exception {
    Path csv = csv(WHATSTHATSIGN + ",ase,0,2402," + SWU + ",train", DICTIO + ",cse,400,800," + SWU + ",test",
        "missing.pose,ase,0,100," + SWU + ",train", "stray.pose,\"ase\"x,0,100," + SWU + ",train");
    Path plain = dir.resolve("plain");
    Path viaHadoop = dir.resolve("via-hadoop");
    PreparePosesJob.run(LocalSpark.session(),
        new PreparePosesJob.Options(poses.toString(), csv.toString(), plain.toString(), false));
    // file:// URIs go through Hadoop's FileSystem (listing, the CSV, the executors' reads), as hdfs:// and s3a:// do.
    JobSummary summary = PreparePosesJob.run(LocalSpark.session(), new PreparePosesJob.Options(
        poses.toUri().toString(), csv.toUri().toString(), viaHadoop.toUri().toString(), false));
    assertEquals(2, summary.written());
    String sql = "SELECT id, data, confidence FROM %s ORDER BY id";
    List<Map<String, Object>> expected = DuckDb.query(String.format(sql, DuckDb.preparedPoses(plain)));
    List<Map<String, Object>> actual = DuckDb.query(String.format(sql, DuckDb.preparedPoses(viaHadoop)));
    assertEquals(2, actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).get("id"), actual.get(i).get("id"));
      assertArrayEquals((byte[]) expected.get(i).get("data"), (byte[]) actual.get(i).get("data"));
    }
    Map<String, String> reasons = new TreeMap<>();
    for (Map<String, Object> r : DuckDb.query("SELECT * FROM " + DuckDb.table(viaHadoop.resolve("_rejected")))) {
      reasons.put((String) r.get("input"), (String) r.get("reason"));
    }
    assertTrue(reasons.get("data.csv:4").contains("missing.pose: no such file"), reasons.toString());
    // A bad row is named in the CSV as the user gave it, not in a local copy of it.
    assertTrue(reasons.get("data.csv:5").startsWith(csv.toUri() + ": line 5: malformed CSV: "), reasons.toString());

    // The layout of the pose arrays is in every Parquet file's key-value metadata, read here by DuckDB.
    byte[] headerFile = Files.readAllBytes(viaHadoop.resolve(PreparedPoses.HEADER_FILE));
    for (String split : List.of("train", "test")) {
      List<Map<String, Object>> kv = DuckDb.query("SELECT value FROM parquet_kv_metadata('" + viaHadoop
          + "/split=" + split + "/*.parquet') WHERE key = 'org.apache.spark.sql.parquet.row.metadata'");
      assertEquals(1, kv.size(), split);
      com.google.gson.JsonObject data = null;
      com.google.gson.JsonObject confidence = null;
      for (var field : com.google.gson.JsonParser.parseString(new String((byte[]) kv.get(0).get("value"),
          StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("fields")) {
        String name = field.getAsJsonObject().get("name").getAsString();
        if (name.equals("data")) {
          data = field.getAsJsonObject().getAsJsonObject("metadata");
        } else if (name.equals("confidence")) {
          confidence = field.getAsJsonObject().getAsJsonObject("metadata");
        }
      }
      assertEquals("<f4", data.get("dtype").getAsString());
      assertEquals("[\"frames\",\"people\",\"points\",\"dims\"]", data.get("shape").toString());
      assertEquals("[\"frames\",\"people\",\"points\"]", confidence.get("shape").toString());
      assertEquals(PreparedPoses.HEADER_FILE, data.get("pose_header_file").getAsString());
      byte[] header = java.util.Base64.getDecoder().decode(data.get("pose_header").getAsString());
      assertArrayEquals(headerFile, header);
      Pose headerOnly = PoseReader.read("pose_header", header, FrameRange.all());
      assertEquals(178, headerOnly.header().totalPoints());
      assertEquals(0, headerOnly.body().frames());
      // No min/max statistics for the pose values' bytes (nothing can skip by them); the other columns keep theirs.
      Map<String, Object> minimumByColumn = new TreeMap<>();
      for (Map<String, Object> column : DuckDb.query("SELECT path_in_schema, stats_min_value FROM parquet_metadata('"
          + viaHadoop + "/split=" + split + "/*.parquet')")) {
        minimumByColumn.put(column.get("path_in_schema").toString(), column.get("stats_min_value"));
      }
      assertEquals(null, minimumByColumn.get(PreparedPoses.DATA), minimumByColumn.toString());
      assertEquals(null, minimumByColumn.get(PreparedPoses.CONFIDENCE), minimumByColumn.toString());
      assertTrue(minimumByColumn.containsKey(PreparedPoses.DATA), minimumByColumn.toString());
      assertTrue(minimumByColumn.get("id") != null, minimumByColumn.toString());
    }
    // Spark gives it back as the columns' metadata.
    var schema = LocalSpark.session().read().parquet(viaHadoop.toString()).schema();
    assertEquals("<f4", schema.apply("data").metadata().getString("dtype"));
  }

  @Test
  void refusesToReplaceAFolderThatIsNotAJobOutput() throws IOException {
    Path precious = dir.resolve("precious");
    Files.createDirectories(precious);
    Files.writeString(precious.resolve("notes.txt"), "keep me");
    IOException e = assertThrows(IOException.class, () -> PreparePosesJob.run(LocalSpark.session(),
        new PreparePosesJob.Options(poses.toString(),
            csv(DICTIO + ",cse,0,1320," + SWU + ",train").toString(), precious.toString(), false)));
    assertTrue(e.getMessage().contains("is not the output of a swa job"), e.getMessage());
    assertEquals("keep me", Files.readString(precious.resolve("notes.txt")));
  }
}
