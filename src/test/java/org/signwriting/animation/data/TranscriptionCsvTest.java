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
        + "h.pose,ase,0,100,\"unterminated,train\n"); // line 10: syntax error, the rest is unreadable
    TranscriptionCsv.Result result = TranscriptionCsv.readCollectingBadRows(file);
    assertEquals(List.of("good1.pose", "good2.pose"), result.rows().stream().map(TranscriptionRow::pose).toList());
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

  @Test
  void emptyFileHasNoColumns() throws IOException {
    Path file = csv("");
    TranscriptionCsvException e = assertThrows(TranscriptionCsvException.class, () -> TranscriptionCsv.read(file));
    assertEquals(1, e.badRow().line());
    assertEquals("pose", e.badRow().column());
  }
}
