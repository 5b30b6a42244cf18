package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.SignIds;
import org.signwriting.animation.embedding.EmbeddingConfig;
import org.signwriting.animation.embedding.EmbeddingTrainer;
import org.signwriting.animation.embedding.SignCorpus;
import org.signwriting.animation.embedding.SignEmbedder;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.embedding.SignImageSource;
import org.signwriting.animation.embedding.SignText;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.signwriting.SignRenderer;
import org.signwriting.animation.testing.DuckDb;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;

class PrepareEmbeddingsJobTest {
  @TempDir static Path dir;
  static Path model;
  static Path csv;

  @BeforeAll
  static void trainTinyModelAndWriteCsv() throws IOException {
    EmbeddingConfig config = EmbeddingConfig.fromJson(
        "{\"inputSize\": 16, \"stageChannels\": [4, 8], \"embeddingSize\": 8, \"training\": {\"batchSize\": 4}}",
        "tiny config");
    List<SignText> texts = List.of("M507x507S1f720487x492", "M508x507S16d20491x487", "M518x529S14c20481x471S27106503x489",
        "M513x507S1ce20491x477", "M508x507S10120492x477").stream().map(s -> new SignText(s, "test")).toList();
    model = dir.resolve("model");
    EmbeddingTrainer.train(config, SignCorpus.render(SignCorpus.distinctSigns(texts), SignImageSource.rendered(), () -> {}),
        new EmbeddingTrainer.Bounds(2, 1, 3), model, new EmbeddingTrainer.Listener() {
          @Override
          public void started(int totalSteps, int signs, int batchSize) {}

          @Override
          public void stepDone(EmbeddingTrainer.StepLoss loss) {}
        });

    List<String> real = Files.readAllLines(SharedData.path("transcription/data_subset.csv"), StandardCharsets.UTF_8);
    String swu = real.get(1).split(",")[4];
    csv = dir.resolve("data.csv");
    Files.write(csv, List.of(
        real.get(0), real.get(1), real.get(2),                        // lines 2, 3: two real signs
        "again.pose,ase,0,100," + swu + ",dev",                        // 4: the sign of line 2 again
        "bad.pose,ase,0,100,M518x518S1000X482x483,train",             // 5: unparsable
        "short.pose,ase,0,100,M518x518"),                             // 6: malformed row
        StandardCharsets.UTF_8);
  }

  private static List<Map<String, Object>> embeddings(Path output) throws Exception {
    return DuckDb.query("SELECT * FROM read_parquet('" + output + "/*.parquet') ORDER BY fsw");
  }

  @Test
  void embedsEachDistinctSignWithTheExecutorsModel() throws Exception {
    Path output = dir.resolve("embeddings");
    int loadsBefore = ExecutorEmbedders.loads();
    JobSummary summary = PrepareEmbeddingsJob.run(LocalSpark.session(),
        new PrepareEmbeddingsJob.Options(csv.toString(), model.toString(), output.toString(), null, 1));
    assertEquals(5, summary.read());

    List<Map<String, Object>> rows = embeddings(output);
    assertEquals(List.of("M512x516S14c20489x485", "M531x514S10e22470x499S2c301505x487"),
        rows.stream().map(r -> r.get("fsw")).toList());
    try (SignEmbedder direct = SignEmbedders.open(model)) {
      for (Map<String, Object> row : rows) {
        String fsw = (String) row.get("fsw");
        assertEquals(SignIds.of(fsw), row.get("sign_id"));
        assertNull(row.get("png"));
        float[] embedding = DuckDb.floats(row.get("embedding"));
        assertEquals(8, embedding.length);
        double norm = 0;
        for (float v : embedding) {
          norm += v * v;
        }
        assertEquals(1.0, norm, 1e-5);
        float[] expected = direct.embed(List.of(SignRenderer.modelInput(fsw).image()))[0];
        assertArrayEquals(expected, embedding, 1e-5f, fsw);
      }
    }
    List<Map<String, Object>> rejected =
        DuckDb.query("SELECT * FROM read_parquet('" + output + "/_rejected/*.parquet') ORDER BY input");
    assertEquals(List.of("data.csv:5", "data.csv:6"), rejected.stream().map(r -> r.get("input")).toList());
    // The output records the encoder that made it, for train.
    Path recorded = Path.of(PrepareEmbeddingsJob.recordedEncoder(Inputs.local(), output.toString()));
    assertEquals(output.resolve(PrepareEmbeddingsJob.ENCODER_FOLDER), recorded);
    assertArrayEquals(Files.readAllBytes(model.resolve("embedding_model/encoder.params")),
        Files.readAllBytes(recorded.resolve("encoder.params")));

    Path again = dir.resolve("again");
    PrepareEmbeddingsJob.run(LocalSpark.session(),
        new PrepareEmbeddingsJob.Options(csv.toString(), model.toString(), again.toString(), null, 64));
    List<Map<String, Object>> second = embeddings(again);
    for (int i = 0; i < rows.size(); i++) {
      assertArrayEquals(DuckDb.floats(rows.get(i).get("embedding")), DuckDb.floats(second.get(i).get("embedding")),
          "batch size and run do not change an embedding");
    }
    // Two jobs of two tasks each (batches of one image, then of 64): one model load in this JVM, the local
    // executor.
    assertEquals(loadsBefore + 1, ExecutorEmbedders.loads());
  }

  @Test
  void takesATorchScriptEncoderAndWritesThePngsOnRequest() throws Exception {
    Path script = Path.of(PrepareEmbeddingsJobTest.class
        .getResource("/org/signwriting/animation/embedding/tiny_encoder.pt").toURI());
    Path output = dir.resolve("clip");
    Path pngs = dir.resolve("png");
    PrepareEmbeddingsJob.run(LocalSpark.session(),
        new PrepareEmbeddingsJob.Options(csv.toString(), script.toString(), output.toString(), pngs, 64));
    List<Map<String, Object>> rows = embeddings(output);
    assertEquals(2, rows.size());
    for (Map<String, Object> row : rows) {
      assertEquals(12, DuckDb.floats(row.get("embedding")).length);
      assertArrayEquals(SignRenderer.png(SignRenderer.modelInput((String) row.get("fsw")).image()),
          (byte[]) row.get("png"));
    }
    for (String stem : List.of("whatsthatsign-524", "again", "dictio-czj-3debf210b4a99ac12155e654c3aeb51a")) {
      assertTrue(Files.isRegularFile(pngs.resolve(stem + ".png")), stem);
    }
    Path recorded = Path.of(PrepareEmbeddingsJob.recordedEncoder(Inputs.local(), output.toString()));
    assertEquals("tiny_encoder.pt", recorded.getFileName().toString());
    assertArrayEquals(Files.readAllBytes(script), Files.readAllBytes(recorded));
  }

  @Test
  void concurrentTasksShareOneModel() throws Exception {
    Path copy = dir.resolve("shared-model");
    if (!Files.exists(copy)) {
      Files.createDirectories(copy.resolve("embedding_model"));
      for (String file : List.of("config.json", "encoder.params")) {
        Files.copy(model.resolve("embedding_model").resolve(file), copy.resolve("embedding_model").resolve(file));
      }
    }
    int before = ExecutorEmbedders.loads();
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<SignEmbedder>> got = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        got.add(threads.submit(() -> ExecutorEmbedders.get(copy.toString())));
      }
      SignEmbedder first = got.get(0).get();
      for (Future<SignEmbedder> each : got) {
        assertSame(first, each.get());
      }
    } finally {
      threads.shutdown();
    }
    assertEquals(before + 1, ExecutorEmbedders.loads());
  }

  @Test
  void aModelShippedWithTheJobIsFoundWhereSparkPutIt() throws Exception {
    Path script = Path.of(PrepareEmbeddingsJobTest.class
        .getResource("/org/signwriting/animation/embedding/tiny_encoder.pt").toURI());
    LocalSpark.session().sparkContext().addFile(script.toString());
    // The driver's path does not exist on this "executor"; spark-submit --files put a copy in its work folder.
    Path found = ExecutorEmbedders.locate(dir.resolve("elsewhere/tiny_encoder.pt").toString());
    assertTrue(Files.isSameFile(found, Path.of(org.apache.spark.SparkFiles.get("tiny_encoder.pt"))), found.toString());
    assertArrayEquals(Files.readAllBytes(script), Files.readAllBytes(found));
  }

  @Test
  void aModelTheExecutorCannotFindIsNamed() {
    String absent = dir.resolve("no-model").toString();
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ExecutorEmbedders.locate(absent));
    assertTrue(e.getMessage().startsWith(absent + ": embedding model not found on this executor"), e.getMessage());
  }
}
