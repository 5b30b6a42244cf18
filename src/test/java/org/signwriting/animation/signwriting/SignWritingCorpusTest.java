package org.signwriting.animation.signwriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.testing.SharedData;

/** The real signs in ../shared/data: every one parses, survives FSW to SWU and back, and renders. */
class SignWritingCorpusTest {

  @Test
  void everyDgsSignParsesConvertsAndRenders() throws IOException {
    List<String> signs = SignLists.read(SharedData.path("signwriting/dgs-hamnosys-signwriting-parallel.json"));
    assertEquals(3772, signs.size());
    checkAll(signs);
  }

  @Test
  void everyFingerspellingSignParsesConvertsAndRenders() throws IOException {
    List<String> signs = new ArrayList<>();
    try (Stream<Path> files = Files.list(SharedData.path("signwriting/fingerspelling"))) {
      for (Path file : files.sorted().toList()) {
        signs.addAll(SignLists.read(file));
      }
    }
    assertTrue(signs.size() > 500, "fingerspelling signs: " + signs.size());
    checkAll(signs);
  }
  @Test
  void transcriptionSwuConvertsToTheReferenceFsw() throws IOException {
    Path csv = SharedData.path("transcription/data_subset.csv");
    // FSW computed with the reference package's SWU to FSW conversion.
    Map<String, String> expected = Map.of(
        "whatsthatsign-524.pose", "M512x516S14c20489x485",
        "dictio-czj-3debf210b4a99ac12155e654c3aeb51a.pose", "M531x514S10e22470x499S2c301505x487");
    int checked = 0;
    try (Reader in = Files.newBufferedReader(csv)) {
      for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
        String swu = row.get("text");
        assertTrue(SignWriting.isSwu(swu), swu);
        assertEquals(expected.get(row.get("pose")), SignWriting.toFsw(swu));
        assertEquals(swu, SignWriting.toSwu(SignWriting.toFsw(swu)));
        checked++;
      }
    }
    assertEquals(expected.size(), checked);
  }

  private static void checkAll(List<String> signs) {
    for (String fsw : signs) {
      List<Sign> parsed = Fsw.parse(fsw);
      String swu = Swu.format(parsed);
      assertEquals(fsw, SignWriting.toFsw(swu), "FSW -> SWU -> FSW");
      assertEquals(parsed, Swu.parse(swu));
      // What the pipeline renders: the model input, drawn to the symbols' measured extent.
      ModelInput input = SignRenderer.modelInput(parsed);
      assertEquals(SignRenderer.MODEL_INPUT_SIZE, input.image().getWidth());
      assertTrue(hasInk(input), fsw + " rendered blank");
    }
  }

  private static boolean hasInk(ModelInput input) {
    int size = SignRenderer.MODEL_INPUT_SIZE;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if ((input.image().getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          return true;
        }
      }
    }
    return false;
  }
}
