package org.signwriting.animation.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signwriting.animation.embedding.SignCorpus;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.spark.PrepareEmbeddingsJob;
import org.signwriting.animation.testing.DuckDb;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;
import org.signwriting.animation.util.AtomicFiles;

/**
 * prepare-embeddings submitted through jobs/prepare-embeddings.sh to a standalone cluster (a Master and two
 * one-core Workers on 127.0.0.1, the run's {@link SharedCluster}) with a freshly trained tiny model; the output must equal the same job run in
 * local mode. (TorchScript models and files shipped with the job are covered in local mode by
 * PrepareEmbeddingsJobTest.)
 */
@ExtendWith(SharedCluster.class)
class PrepareEmbeddingsClusterIT {
  private static final Path PROJECT = Path.of(System.getProperty("swa.project.dir", ".")).toAbsolutePath();

  static Path work = PROJECT.resolve("target/embedding-cluster-it");
  static Path csv;
  static Path model;
  static StandaloneCluster cluster;
  static SparkDistribution distribution;

  @BeforeAll
  static void trainAModel() throws Exception {
    AtomicFiles.deleteRecursively(work);
    Files.createDirectories(work);
    // 40 real DGS signs, one per row, each twice (the second copy in SWU).
    List<String> signs = SignCorpus.fromList(SharedData.path("signwriting/dgs-hamnosys-signwriting-parallel.json"))
        .subList(0, 40).stream().map(s -> s.text()).toList();
    List<String> rows = new ArrayList<>(List.of("pose,videoLanguage,start,end,text,split"));
    for (int i = 0; i < signs.size(); i++) {
      rows.add("sign" + i + ".pose,gsg,0,1000," + signs.get(i) + ",train");
      rows.add("again" + i + ".pose,gsg,0,1000," + SignWriting.toSwu(signs.get(i)) + ",dev");
    }
    rows.add("bad.pose,gsg,0,1000,M518x518S1000X482x483,train");
    csv = Files.write(work.resolve("data.csv"), rows, StandardCharsets.UTF_8);
    Path signList = Files.write(work.resolve("signs.txt"), signs, StandardCharsets.UTF_8);
    Path tinyConfig = Files.writeString(work.resolve("tiny.json"),
        "{\"inputSize\": 16, \"stageChannels\": [4, 8], \"embeddingSize\": 8, \"training\": {\"batchSize\": 4}}");
    model = work.resolve("model");
    Path trainLog = work.resolve("train.log");
    Process train = SparkClusterIT.start(List.of(PROJECT.resolve("bin/swa").toString(), "train-embedding-model",
        "--extra-signs", signList.toString(), "--model-folder", model.toString(), "--config", tinyConfig.toString(),
        "--max-steps", "3", "--torch-threads", "1"), Map.of("SWA_JAVA_OPTS", "-Xmx1g"), trainLog);
    SparkClusterIT.finish(train, trainLog);

    distribution = SharedCluster.distribution();
    cluster = SharedCluster.cluster();
  }

  private static List<Map<String, Object>> rows(Path output) throws SQLException {
    return DuckDb.query("SELECT sign_id, fsw, embedding FROM " + DuckDb.table(output) + " ORDER BY sign_id");
  }

  @Test
  void clusterOutputEqualsLocalOutput() throws Exception {
    Path output = work.resolve("out-cluster");
    Path log = work.resolve("submit.log");
    Process submit = SparkClusterIT.start(List.of(PROJECT.resolve("jobs/prepare-embeddings.sh").toString(),
            "--transcription_csv_path", csv.toString(), "--embedding-model-weights-path", model.toString(),
            "--batch-size", "16", "--output", output.toString()),
        Map.of("SPARK_HOME", distribution.home().toString(), "SPARK_MASTER", cluster.masterUrl(),
            "SWA_DRIVER_MEMORY", "768m", "SWA_SUBMIT_OPTIONS", "--conf spark.executor.memory=768m"),
        log);
    SparkClusterIT.finish(submit, log);
    assertTrue(Files.readString(log).contains("prepare-embeddings: read 81, written 40, rejected 1"),
        StandaloneCluster.tail(log));

    Path local = work.resolve("out-local");
    PrepareEmbeddingsJob.run(LocalSpark.session(),
        new PrepareEmbeddingsJob.Options(csv.toString(), model.toString(), local.toString(), null, 64));
    List<Map<String, Object>> expected = rows(local);
    List<Map<String, Object>> actual = rows(output);
    assertEquals(40, expected.size());
    assertEquals(40, actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).get("sign_id"), actual.get(i).get("sign_id"));
      assertArrayEquals(DuckDb.floats(expected.get(i).get("embedding")), DuckDb.floats(actual.get(i).get("embedding")),
          1e-5f, (String) actual.get(i).get("fsw"));
    }
  }
}
