package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.SignIds;
import org.signwriting.animation.signwriting.SignRenderer;
import org.signwriting.animation.testing.DuckDb;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;

class RenderSignWritingJobTest {
  @TempDir Path dir;

  @Test
  void rendersEachDistinctSignOnceAndRejectsWhatCannotBeRead() throws IOException, SQLException {
    List<String> real = Files.readAllLines(SharedData.path("transcription/data_subset.csv"), StandardCharsets.UTF_8);
    String swu = real.get(1).split(",")[4];
    Path csv = dir.resolve("data.csv");
    Files.write(csv, List.of(
        real.get(0), real.get(1), real.get(2),                        // lines 2, 3: two real signs
        "again.pose,ase,0,100," + swu + ",dev",                        // 4: the sign of line 2 again
        "fsw.pose,ase,0,100,M512x516S14c20489x485,test",              // 5: the same sign, written in FSW
        "bad.pose,ase,0,100,M518x518S1000X482x483,train",             // 6: unparsable
        "short.pose,ase,0,100,M518x518"),                             // 7: malformed row
        StandardCharsets.UTF_8);
    Path output = dir.resolve("signs");
    Path pngs = dir.resolve("png");
    JobSummary summary = RenderSignWritingJob.run(LocalSpark.session(),
        new RenderSignWritingJob.Options(csv.toString(), output.toString(), pngs));

    List<Map<String, Object>> signs = DuckDb.query("SELECT * FROM read_parquet('" + output + "/*.parquet') ORDER BY fsw");
    assertEquals(2, signs.size());
    assertEquals(List.of("M512x516S14c20489x485", "M531x514S10e22470x499S2c301505x487"),
        signs.stream().map(s -> s.get("fsw")).toList());
    for (Map<String, Object> sign : signs) {
      String fsw = (String) sign.get("fsw");
      assertEquals(SignIds.of(fsw), sign.get("sign_id"));
      assertEquals(224, sign.get("width"));
      assertEquals(224, sign.get("height"));
      assertEquals(1.0, (Double) sign.get("scale"));
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream((byte[]) sign.get("png")));
      BufferedImage expected = SignRenderer.modelInput(fsw).image();
      assertEquals(224, decoded.getWidth());
      int inked = 0;
      for (int y = 0; y < 224; y++) {
        for (int x = 0; x < 224; x++) {
          assertEquals(expected.getRGB(x, y), decoded.getRGB(x, y), fsw + " at " + x + "," + y);
          inked += (decoded.getRGB(x, y) & 0xffffff) != 0xffffff ? 1 : 0;
        }
      }
      assertTrue(inked > 100, fsw + " has ink: " + inked);
    }

    Map<String, Object> first = signs.get(0);
    for (String stem : List.of("whatsthatsign-524", "again", "fsw")) {
      assertArrayEquals((byte[]) first.get("png"), Files.readAllBytes(pngs.resolve(stem + ".png")), stem);
    }
    assertTrue(Files.exists(pngs.resolve("dictio-czj-3debf210b4a99ac12155e654c3aeb51a.png")));
    try (var listing = Files.list(pngs)) {
      assertEquals(4, listing.count());
    }

    List<Map<String, Object>> rejected = DuckDb.query("SELECT * FROM read_parquet('" + output + "/_rejected/*.parquet') ORDER BY input");
    assertEquals(List.of("data.csv:6", "data.csv:7"), rejected.stream().map(r -> r.get("input")).toList());
    assertEquals(List.of("unparsable SignWriting", "malformed CSV row"), rejected.stream().map(r -> r.get("kind")).toList());
    assertEquals(6, summary.read());
    assertEquals(2, summary.written());
  }
}
