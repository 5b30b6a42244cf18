package org.signwriting.animation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.testing.SharedData;

class TranscriptionCsvTest {
  private static final String HEADER = "pose,videoLanguage,start,end,text,split\n";

  @TempDir Path dir;

  private Path csv(String content) throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsTheRealSubset() throws IOException {
    List<TranscriptionRow> rows = TranscriptionCsv.read(SharedData.path("transcription/data_subset.csv"));
    assertEquals(2, rows.size());
    TranscriptionRow first = rows.get(0);
    assertEquals("whatsthatsign-524.pose", first.pose());
    assertEquals("ase", first.videoLanguage());
    assertEquals(0L, first.startMs());
    assertEquals(2402L, first.endMs());
    assertEquals(new String(new int[] {0x1D803, 0x1D912, 0x1D916, 0x41CA1, 0x1D8FB, 0x1D8F7}, 0, 6), first.text());
    assertEquals("train", first.split());
    assertEquals(2, first.line());
    TranscriptionRow second = rows.get(1);
    assertEquals("dictio-czj-3debf210b4a99ac12155e654c3aeb51a.pose", second.pose());
    assertEquals("cse", second.videoLanguage());
    assertEquals(1320L, second.endMs());
    assertEquals(3, second.line());
  }

  @Test
  void emptyTimesMeanTheWholeFileAndColumnOrderIsFree() throws IOException {
    List<TranscriptionRow> rows = TranscriptionCsv.read(csv(
        "\uFEFFsplit,text,end,start,videoLanguage,pose\n"
            + "dev,M518x518S10000482x483,,,gsg,a.pose\n"
            + "test,\"M518x518S10000482x483\",1500.0,,gsg,\"b,c.pose\"\n"));
    assertEquals(2, rows.size());
    assertNull(rows.get(0).startMs());
    assertNull(rows.get(0).endMs());
    assertEquals("dev", rows.get(0).split());
    assertEquals("b,c.pose", rows.get(1).pose());
    assertEquals(1500L, rows.get(1).endMs());
    assertEquals(3, rows.get(1).line());
  }

  @Test
  void missingColumnNamesTheColumnAndLineOne() throws IOException {
    Path file = csv("pose,videoLanguage,start,end,text\na.pose,ase,0,10,M518x518,train\n");
    TranscriptionCsvException e = assertThrows(TranscriptionCsvException.class, () -> TranscriptionCsv.read(file));
    assertEquals(1, e.badRow().line());
    assertEquals("split", e.badRow().column());
    assertTrue(e.getMessage().startsWith(file + ": line 1, column 'split': missing column"), e.getMessage());
    // Without its columns no row can be read, so collecting bad rows fails the same way.
    assertThrows(TranscriptionCsvException.class, () -> TranscriptionCsv.readCollectingBadRows(file));
  }

  @Test
  void malformedRowNamesLineAndColumn() throws IOException {
    Path file = csv(HEADER
        + "a.pose,ase,0,100,M518x518,train\n"
        + "b.pose,ase,12ms,100,M518x518,train\n");
    TranscriptionCsvException e = assertThrows(TranscriptionCsvException.class, () -> TranscriptionCsv.read(file));
    assertEquals(file + ": line 3, column 'start': '12ms' is not a whole, non-negative number of milliseconds",
        e.getMessage());
  }

  @Test
  void collectsEveryKindOfBadRowAndKeepsTheGoodOnes() throws IOException {
    Path file = csv(HEADER
        + "good1.pose,ase,0,100,M518x518,train\n"
        + ",ase,0,100,M518x518,train\n"               // line 3: no pose
        + "c.pose,ase,-5,100,M518x518,train\n"        // line 4: negative start
        + "d.pose,ase,200,100,M518x518,train\n"       // line 5: end before start
        + "e.pose,ase,0,100,M518x518\n"               // line 6: too few fields
        + "f.pose,ase,0,100,M518x518,\n"              // line 7: empty split
        + "g.pose,ase,0,1.5,M518x518,dev\n"           // line 8: fractional ms
        + "good2.pose,ase,,,M518x518,dev\n"
        + "h.pose,ase,0,100,\"unterminated,train\n"  // line 10: syntax error on this line only
        + "good3.pose,ase,,,M518x518,dev\n");
    TranscriptionCsv.Result result = TranscriptionCsv.readCollectingBadRows(file);
    assertEquals(List.of("good1.pose", "good2.pose", "good3.pose"),
        result.rows().stream().map(TranscriptionRow::pose).toList());
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 10L), result.badRows().stream().map(BadRow::line).toList());
    List<String> columns = result.badRows().stream().map(b -> String.valueOf(b.column())).toList();
    assertEquals(List.of("pose", "start", "end", "null", "split", "end", "null"), columns);
    assertTrue(result.badRows().get(3).reason().contains("has 5 fields, the header has 6"),
        result.badRows().get(3).reason());
    assertTrue(result.badRows().get(6).reason().startsWith("malformed CSV"), result.badRows().get(6).reason());
    // Strict mode stops at the first of them.
    TranscriptionCsvException e = assertThrows(TranscriptionCsvException.class, () -> TranscriptionCsv.read(file));
    assertEquals(3, e.badRow().line());
  }

  /**
   * Seen: a stray quote ({@code "ase"x}) silently dropped every later row, and one byte that is not UTF-8 failed
   * the whole file with "Input length = 1", naming no file or line. Each is now one bad row; the rest is read.
   */
  @Test
  void aDamagedLineCostsOnlyItself() throws IOException {
    byte[] latin1 = "i.pose,d\u00e4n,0,100,M518x518,train\n".getBytes(StandardCharsets.ISO_8859_1);
    Path file = dir.resolve("data.csv");
    try (var out = Files.newOutputStream(file)) {
      out.write((HEADER
          + "a.pose,\"ase\"x,0,100,M518x518,train\r\n"        // line 2: text after a closing quote
          + "b.pose,\"ase\",0,100,M518x518,train\r\n"         // line 3: quotes as they should be
          + "c.pose,ase,0,100,M518x518,\"train\n").getBytes(StandardCharsets.UTF_8)); // line 4: never closed
      out.write(latin1);                                          // line 5: ä in Latin-1, not UTF-8
      out.write(("d.pose,\"a,\"\"se\"\"\",0,100,M518x518,train\r" // line 6: quoted comma and quotes, CR only
          + "\n"                                                   // (CR LF is one line end: no empty line 7)
          + "e.pose,ase,,,M518x518,dev").getBytes(StandardCharsets.UTF_8)); // line 7: no final line end
    }
    TranscriptionCsv.Result result = TranscriptionCsv.readCollectingBadRows(file);
    assertEquals(List.of("b.pose:3", "d.pose:6", "e.pose:7"),
        result.rows().stream().map(r -> r.pose() + ":" + r.line()).toList());
    assertEquals("a,\"se\"", result.rows().get(1).videoLanguage());
    assertEquals(List.of(2L, 4L, 5L), result.badRows().stream().map(BadRow::line).toList());
    // Where on the line, not Commons CSV's own "line: 1" (it parses each line alone).
    assertEquals(file + ": line 2: malformed CSV: Invalid character between encapsulated token and delimiter at "
        + "character 13 of the line", result.badRows().get(0).message());
    assertEquals(file + ": line 4: malformed CSV: a quote is not closed on the line (a field cannot span lines)",
        result.badRows().get(1).message());
    assertEquals(file + ": line 5: bytes that are not UTF-8 at byte 9 of the line", result.badRows().get(2).message());
    TranscriptionCsvException strict = assertThrows(TranscriptionCsvException.class, () -> TranscriptionCsv.read(file));
    assertEquals(2, strict.badRow().line());
  }

  @Test
  void aLineLongerThanTheLimitIsOneBadRowNotMemory() throws IOException {
    String line = "a.pose,ase,,," + "x".repeat(TranscriptionCsv.MAX_LINE_BYTES + 10) + ",train";
    Path file = csv(HEADER + line + "\n" + "b.pose,ase,,,M518x518,train\n");
    TranscriptionCsv.Result result = TranscriptionCsv.readCollectingBadRows(file);
    assertEquals(List.of("b.pose"), result.rows().stream().map(TranscriptionRow::pose).toList());
    assertEquals(file + ": line 2: the line is " + line.length() + " bytes long, more than "
        + "the 1048576 a row may have", result.badRows().get(0).message());
  }

  /** The pose column must name a file inside the pose folder: the one check every job uses (InputPaths). */
  @Test
  void poseColumnMustStayInsideThePoseFolder() throws IOException {
    Path file = csv(HEADER
        + "../outside/x.pose,ase,,,M518x518,train\n"      // 2
        + "/etc/passwd,ase,,,M518x518,train\n"            // 3
        + "file:///etc/passwd,ase,,,M518x518,train\n"     // 4
        + "a/../../b.pose,ase,,,M518x518,train\n"         // 5
        + "\\\\server\\share\\x.pose,ase,,,M518x518,train\n" // 6: \\server\share\x.pose
        + "./sub//a.pose,ase,,,M518x518,train\n"          // 7: fine, normalized
        + "sub\\b.pose,ase,,,M518x518,train\n");        // 8: fine, a backslash is a separator
    TranscriptionCsv.Result result = TranscriptionCsv.readCollectingBadRows(file);
    assertEquals(List.of("sub/a.pose", "sub/b.pose"), result.rows().stream().map(TranscriptionRow::pose).toList());
    assertEquals(List.of(
        file + ": line 2, column 'pose': '../outside/x.pose' climbs out of the pose folder",
        file + ": line 3, column 'pose': '/etc/passwd' is absolute, not relative to the pose folder",
        file + ": line 4, column 'pose': 'file:///etc/passwd' is absolute, not relative to the pose folder",
        file + ": line 5, column 'pose': 'a/../../b.pose' climbs out of the pose folder",
        file + ": line 6, column 'pose': '\\\\server\\share\\x.pose' is absolute, not relative to the pose folder"),
        result.badRows().stream().map(BadRow::message).toList());
    assertTrue(result.badRows().stream().allMatch(b -> b.problem() == BadRow.Problem.POSE_OUTSIDE_FOLDER));
  }

  @Test
  void emptyFileHasNoColumns() throws IOException {
    Path file = csv("");
    TranscriptionCsvException e = assertThrows(TranscriptionCsvException.class, () -> TranscriptionCsv.read(file));
    assertEquals(1, e.badRow().line());
    assertEquals("pose", e.badRow().column());
  }
}
