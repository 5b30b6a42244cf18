package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingConfigTest {
  @TempDir Path dir;

  @Test
  void theProjectConfigLoads() throws IOException {
    Path file = Path.of(System.getProperty("swa.project.dir", "."), "conf", "embedding.json");
    EmbeddingConfig config = EmbeddingConfig.load(file);
    assertEquals(512, config.embeddingSize);
    assertEquals(config.inputSize >> config.stageChannels.size(), config.finalFeatureSize());
  }

  @Test
  void missingKeysKeepTheirDefaultsAndSavedConfigsReadBack() throws IOException {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"embeddingSize\": 16, \"stageChannels\": [4, 8]}");
    EmbeddingConfig config = EmbeddingConfig.load(file);
    assertEquals(16, config.embeddingSize);
    assertEquals(List.of(4, 8), config.stageChannels);
    assertEquals(64, config.inputSize);
    config.save(dir.resolve("saved.json"));
    assertEquals(config.toJson(), EmbeddingConfig.load(dir.resolve("saved.json")).toJson());
  }

  @Test
  void badValuesNameTheFileAndTheKey() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"objective\": {\"temperature\": 0}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddingConfig.load(file));
    assertEquals(file + ": objective.temperature must be positive", e.getMessage());

    Path notJson = Files.writeString(dir.resolve("x.json"), "{\"inputSize\": \"big\"}");
    e = assertThrows(IllegalArgumentException.class, () -> EmbeddingConfig.load(notJson));
    assertTrue(e.getMessage().startsWith(notJson + ": not a valid embedding config"), e.getMessage());
  }
}
