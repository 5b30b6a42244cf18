package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.io.InputPaths;
import org.signwriting.animation.testing.DuckDb;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;
import org.signwriting.animation.util.AtomicFiles;

/**
 * prepare-poses against the hostile inputs a probe found (issue 12): CSV rows naming files outside the pose folder
 * (a parent path, absolute paths, a URI, a symbolic link leading out), a stray quote, an unterminated quote, bytes
 * that are not UTF-8, a rejected row sharing its id with a good one, a subfolder that cannot be listed, staging
 * folders of killed runs, and outputs that overlap the inputs. Every good row is written, every bad one is in
 * {@code _rejected} with a reason, and nothing outside the named inputs is read.
 */
class HostileInputTest {
  static final String WHATSTHATSIGN = PreparePosesJobTest.WHATSTHATSIGN;
  static final String DICTIO = PreparePosesJobTest.DICTIO;
  static final String DSGS = PreparePosesJobTest.DSGS;
  static final String SWU = PreparePosesJobTest.SWU;
  /** A folder name of 250 bytes: 18 of them nest deeper than the 4,096 bytes a path may have on Linux. */
  private static final String LONG = "d".repeat(250);

  @TempDir Path dir;
  Path poses;
  Path outside;
  /** A short way into the deep, unlistable folder, to clean it up (its own path is too long to name). */
  Path hop;

  @BeforeEach
  void corpus() throws IOException {
    poses = dir.resolve("poses");
    outside = dir.resolve("outside");
    Files.createDirectories(poses.resolve("sub"));
    Files.createDirectories(outside);
    for (String name : List.of(WHATSTHATSIGN, DICTIO, DSGS)) {
      Files.copy(SharedData.path("poses/" + name), poses.resolve(name));
    }
    Files.copy(SharedData.path("poses/" + DSGS), poses.resolve("sub/inner.pose"));
    // A good pose outside the pose folder: had it been read, it would be written.
    Files.copy(SharedData.path("poses/" + WHATSTHATSIGN), outside.resolve("secret.pose"));
    Files.createSymbolicLink(poses.resolve("link-out.pose"), outside.resolve("secret.pose"));
    Files.createSymbolicLink(poses.resolve("link-in.pose"), poses.resolve(DICTIO));
    unlistableFolder(poses.resolve("locked"));
  }

  /**
   * A subfolder whose listing fails, for root too (CI may run as root, whom no permission stops): its folders nest
   * past the 4,096 bytes a Linux path may have, so listing its depths fails with "File name too long".
   */
  private void unlistableFolder(Path folder) throws IOException {
    Path shallow = folder;
    for (int i = 0; i < 12; i++) {
      shallow = shallow.resolve(LONG);
    }
    Files.createDirectories(shallow);
    hop = dir.resolve("hop");
    Files.createSymbolicLink(hop, shallow);
    Path deep = hop;
    for (int i = 0; i < 12; i++) {
      deep = deep.resolve(LONG);
    }
    Files.createDirectories(deep);
    Files.copy(SharedData.path("poses/" + DSGS), deep.resolve("unreachable.pose"));
  }

  @AfterEach
  void removeTheDeepFolders() throws IOException {
    if (hop != null && Files.exists(hop)) {
      AtomicFiles.deleteRecursively(hop.resolve(LONG));
      Files.delete(hop);
    }
  }

  @Test
  void goodRowsAreWrittenAndNothingOutsideTheInputsIsRead() throws IOException, SQLException {
    Path csv = dir.resolve("data.csv");
    try (OutputStream out = Files.newOutputStream(csv)) {
      out.write(String.join("\n",
          "pose,videoLanguage,start,end,text,split",
          "../outside/secret.pose,ase,,," + SWU + ",train",                           // 2
          "/etc/passwd,ase,,," + SWU + ",train",                                       // 3
          outside.resolve("secret.pose") + ",ase,,," + SWU + ",train",                 // 4
          "link-out.pose,ase,,," + SWU + ",train",                                     // 5
          "file:///etc/passwd,ase,,," + SWU + ",train",                                // 6
          WHATSTHATSIGN + ",\"ase\"x,0,2402," + SWU + ",train",                        // 7: stray quote
          DICTIO + ",cse,0,1320," + SWU + ",train",                                    // 8: good, after it
          DSGS + ",sgg,,,M518x518S1000X482x483,train",                                 // 9: unparsable sign
          DSGS + ",sgg,,," + SWU + ",dev",                                             // 10: good, same id as 9
          "").getBytes(StandardCharsets.UTF_8));
      out.write(("sub/inner.pose,d").getBytes(StandardCharsets.UTF_8));
      out.write(new byte[] {(byte) 0xE4});                                           // 11: not UTF-8
      out.write(("n,,," + SWU + ",train\n").getBytes(StandardCharsets.UTF_8));
      out.write(String.join("\n",
          "./sub//inner.pose,sgg,0,500," + SWU + ",train",                             // 12: good, normalized
          "sub/inner.pose,sgg,0,500," + SWU + ",test",                                 // 13: duplicate of 12
          "x.pose,ase,0,100,\"" + SWU + ",train",                                      // 14: quote never closed
          WHATSTHATSIGN + ",ase,0,2402," + SWU + ",train",                             // 15: good
          "link-in.pose,cse,,," + SWU + ",train",                                      // 16: good, link inside
          "").getBytes(StandardCharsets.UTF_8));
    }
    Path output = dir.resolve("out");
    Path stale = Files.createDirectories(dir.resolve("out.staging-0e5c1d2f"));
    JobSummary summary = PreparePosesJob.run(LocalSpark.session(),
        new PreparePosesJob.Options(poses.toString(), csv.toString(), output.toString(), false));

    Map<String, String> written = new TreeMap<>();
    for (Map<String, Object> row : DuckDb.query("SELECT id, pose, split FROM " + DuckDb.preparedPoses(output))) {
      written.put((String) row.get("id"), row.get("pose") + " " + row.get("split"));
    }
    assertEquals(Map.of(
        "dictio-czj-3debf210b4a99ac12155e654c3aeb51a@0-1320", DICTIO + " train",
        "dsgs-original-essen", DSGS + " dev",
        "sub/inner@0-500", "sub/inner.pose train",
        "whatsthatsign-524@0-2402", WHATSTHATSIGN + " train",
        "link-in", "link-in.pose train"), written);

    Map<String, String> kinds = new TreeMap<>();
    Map<String, String> reasons = new TreeMap<>();
    for (Map<String, Object> r : DuckDb.query("SELECT * FROM " + DuckDb.table(output.resolve("_rejected")))) {
      kinds.put((String) r.get("input"), (String) r.get("kind"));
      reasons.put((String) r.get("input"), (String) r.get("reason"));
    }
    String deepFolder = "locked/" + String.join("/", java.util.Collections.nCopies(12, LONG));
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("data.csv:2", "pose outside the pose folder"),
        Map.entry("data.csv:3", "pose outside the pose folder"),
        Map.entry("data.csv:4", "pose outside the pose folder"),
        Map.entry("data.csv:5", "pose outside the pose folder"),
        Map.entry("data.csv:6", "pose outside the pose folder"),
        Map.entry("data.csv:7", "malformed CSV row"),
        Map.entry("data.csv:9", "unparsable SignWriting"),
        Map.entry("data.csv:11", "malformed CSV row"),
        Map.entry("data.csv:13", "duplicate CSV row"),
        Map.entry("data.csv:14", "malformed CSV row")));
    expected.keySet().forEach(k -> assertTrue(kinds.containsKey(k), k + " in " + kinds.keySet()));
    String unlistable = kinds.keySet().stream().filter(k -> k.startsWith("locked/")).findFirst().orElseThrow();
    assertEquals("unreadable pose folder", kinds.get(unlistable));
    assertTrue(unlistable.startsWith(deepFolder + "/"), unlistable);
    assertTrue(reasons.get(unlistable).contains("File name too long"), reasons.get(unlistable));
    kinds.remove(unlistable);
    assertEquals(expected, kinds);
    assertEquals("'link-out.pose' leads through a symbolic link out of the pose folder", reasons.get("data.csv:5"));
    assertTrue(reasons.get("data.csv:3").endsWith("'/etc/passwd' is absolute, not relative to the pose folder"));
    assertTrue(reasons.get("data.csv:11").endsWith("line 11: bytes that are not UTF-8 at byte 17 of the line"),
        reasons.get("data.csv:11"));
    assertTrue(reasons.get("data.csv:13").contains("same pose and times as line 12"), reasons.get("data.csv:13"));
    reasons.values().forEach(reason -> assertFalse(reason.contains("Exception") || reason.contains("root:"), reason));

    assertEquals(15 + 1, summary.read());
    assertEquals(5, summary.written());
    assertEquals(summary.read(), summary.written() + summary.rejected());
    assertEquals(1, summary.staleFolders().size(), summary.staleFolders().toString());
    assertTrue(summary.staleFolders().get(0).endsWith(dir.getFileName() + "/out.staging-0e5c1d2f"),
        summary.staleFolders().toString());
    assertTrue(Files.readString(output.resolve(JobRun.SUMMARY_FILE)).contains("out.staging-0e5c1d2f"));
    assertTrue(Files.isDirectory(stale), "a stale folder is named, never removed");
  }

  /** Seen: with the output a parent of the pose folder (holding a _SUCCESS), the job replaced it: poses deleted. */
  @Test
  void anOutputOverlappingAnInputIsRefusedBeforeAnythingIsTouched() throws IOException {
    Path csv = dir.resolve("data.csv");
    Files.writeString(csv, "pose,videoLanguage,start,end,text,split\n" + DICTIO + ",cse,0,1320," + SWU + ",train\n");
    Files.createFile(dir.resolve("_SUCCESS"));
    Path link = Files.createSymbolicLink(dir.resolve("poses-link"), poses);
    List<String> before = listing(dir);
    for (Path output : List.of(dir, poses, poses.resolve("prepared"), csv, link, link.resolve("prepared"))) {
      IOException e = assertThrows(IOException.class, () -> PreparePosesJob.run(LocalSpark.session(),
          new PreparePosesJob.Options(poses.toString(), csv.toString(), output.toString(), false)), output.toString());
      assertTrue(e.getMessage().startsWith(output + ": the output "), e.getMessage());
      assertTrue(e.getMessage().contains("; choose an output folder outside the inputs"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
    assertEquals(before, listing(dir), "nothing created, moved or removed");
    assertNull(InputPaths.overlap(URI.create("file:/data/out"), URI.create("file:/data/outputs")));
    assertEquals("contains the input", InputPaths.overlap(URI.create("hdfs://nn:8020/data"),
        URI.create("hdfs://nn:8020/data/poses")));
    assertNull(InputPaths.overlap(URI.create("hdfs://nn:8020/data"), URI.create("hdfs://other:8020/data/poses")));
    assertEquals("lies inside the input", InputPaths.overlap(URI.create("s3a://bucket/poses/out/"),
        URI.create("s3a://bucket/poses")));
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder, 2)) {
      return walk.map(folder::relativize).map(Path::toString).sorted().toList();
    }
  }
}
