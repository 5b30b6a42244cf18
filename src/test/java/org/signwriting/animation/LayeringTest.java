package org.signwriting.animation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the sources: Spark is wired in by spark/ and called by the commands (cli/, benchmark/) only;
 * the plain-Java layers (pose/, signwriting/, data/) use neither Spark nor DJL. Table schemas (Spark types) live
 * with the jobs that write the tables; data/ keeps the column names.
 */
class LayeringTest {
  private static final Path SOURCES = Path.of(System.getProperty("swa.project.dir", "."),
      "src/main/java/org/signwriting/animation");
  private static final Set<String> SPARK_PACKAGES = Set.of("spark", "cli", "benchmark");
  private static final Set<String> PLAIN_PACKAGES = Set.of("pose", "signwriting", "data");

  @Test
  void onlyTheSparkLayerAndTheCommandsUseSparkAndThePlainLayersUseNoDjl() throws IOException {
    List<String> leaks = new ArrayList<>();
    int files = 0;
    try (Stream<Path> sources = Files.walk(SOURCES)) {
      for (Path file : sources.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        files++;
        String layer = SOURCES.relativize(file).getName(0).toString();
        String text = Files.readString(file);
        if (!SPARK_PACKAGES.contains(layer) && text.contains("org.apache.spark")) {
          leaks.add(SOURCES.relativize(file) + " uses Spark");
        }
        if (PLAIN_PACKAGES.contains(layer) && text.contains("ai.djl")) {
          leaks.add(SOURCES.relativize(file) + " uses DJL");
        }
      }
    }
    assertTrue(files > 100, "sources found under " + SOURCES + ": " + files);
    assertEquals(List.of(), leaks);
  }
}
