package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.ShardStream;
import org.signwriting.animation.diffusion.DataParallelWorker;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.ModelFolder;
import org.signwriting.animation.diffusion.Replica;
import org.signwriting.animation.diffusion.StepInputs;
import org.signwriting.animation.diffusion.TrainingJob;
import org.signwriting.animation.diffusion.TrainingRun;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;

/**
 * Data-parallel training with two workers in local mode (two barrier tasks in this JVM), on a prepare-poses table
 * of real poses, against single processes that do on purpose what the workers must amount to: with
 * {@code --sync-every 1}, one replica trained on the two workers' shares concatenated (the combined batch); with
 * K = 2, two replicas that average their weights every second step. The standalone cluster run is TrainClusterIT.
 */
class DataParallelTrainingTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path prepared;
  static Path embeddings;
  static PoseHeader header;
  static final int SIGN_SIZE = 4;
  static final long SEED = 5;

  @BeforeAll
  static void prepare() throws IOException {
    Path poses = dir.resolve("poses");
    Files.createDirectories(poses);
    List<String> names = List.of(PreparePosesJobTest.WHATSTHATSIGN, PreparePosesJobTest.DICTIO,
        "dsgs-original-essen.pose", "dsgs-original-kinder.pose", "dsgs-original-kleine.pose",
        "dsgs-original-pizza.pose", "pose-format-mediapipe.pose");
    for (String name : names) {
      Files.copy(SharedData.path("poses/" + name), poses.resolve(name));
    }
    StringBuilder csv = new StringBuilder("pose,videoLanguage,start,end,text,split\n");
    String[] signs = {"M512x516S14c20489x485", "M531x514S10e22470x499S2c301505x487"};
    for (int i = 0; i < names.size(); i++) {
      String split = names.get(i).equals(PreparePosesJobTest.DICTIO) ? "dev" : "train";
      csv.append(names.get(i)).append(",sgg,,,").append(signs[i % 2]).append(',').append(split).append('\n');
    }
    Path csvFile = Files.writeString(dir.resolve("data.csv"), csv, StandardCharsets.UTF_8);
    spark = LocalSpark.session();
    prepared = dir.resolve("prepared");
    PreparePosesJob.run(spark, new PreparePosesJob.Options(poses.toString(), csvFile.toString(), prepared.toString(), false));
    header = PoseReader.readHeader(prepared.resolve(PreparedPoses.HEADER_FILE));
    // An embeddings table for the two signs.
    List<String> signIds = spark.read().parquet(prepared.toString()).select("sign_id").distinct().orderBy("sign_id")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    List<Row> rows = new ArrayList<>();
    Random random = new Random(3);
    for (String id : signIds) {
      Float[] embedding = new Float[SIGN_SIZE];
      for (int i = 0; i < SIGN_SIZE; i++) {
        embedding[i] = (float) random.nextGaussian();
      }
      rows.add(RowFactory.create(id, "M500x500S10000490x490", "x", embedding, null));
    }
    embeddings = dir.resolve("embeddings");
    spark.createDataFrame(rows, PrepareEmbeddingsJob.SCHEMA).write().parquet(embeddings.toString());
  }

  /**
   * A small model without dropout (the masks of two shares are not those of the combined batch), reading the signs'
   * symbols alone and by their names (the workers read each sign's text from the embeddings table), trained on
   * offset pasts (each share draws its own), with the loss in pose units.
   */
  static DiffusionConfig config(int checkpointEvery) {
    return new DiffusionConfig(
        new DiffusionConfig.Model(178, 3, SIGN_SIZE, 32, 64, 1, 2, 0f, 8, 4, 4, true, true),
        new DiffusionConfig.Diffusion(8, "cosine", 0.15f, 2.0f, 1.5f),
        new DiffusionConfig.Loss(1.0f, 0.5f, 0.1f, true),
        new DiffusionConfig.Training(4, 10, 1e-4f, 0.1f, 0.01f, 0.9f, checkpointEvery));
  }

  static ClusterTrainingData open(int workers, int syncEvery) throws IOException {
    return ClusterTrainingData.open(spark, prepared.toString(), embeddings.toString(), header, false,
        new ClusterTrainer.Settings(workers, syncEvery, 3, 4096));
  }

  static TrainingJob job(ClusterTrainingData data, DiffusionConfig config, Path folder, int maxSteps,
      boolean resume) throws IOException {
    return new TrainingJob(config, new ModelFolder(folder), data.statistics(false),
        data.firstSequences(TrainingRun.DEV, TrainingRun.VALIDATION_SEQUENCES),
        new DiffusionTrainer.Options(SEED, maxSteps, 0, false, resume, null), (step, last, loss) -> { });
  }

  @Test
  void twoWorkersAveragingGradientsEqualOneProcessOnTheCombinedBatch() throws IOException {
    DiffusionConfig config = config(2);
    ClusterTrainingData data = open(2, 1);
    Path folder = dir.resolve("sync-1");
    DiffusionTrainer.Result result = data.train(job(data, config, folder, 4, false));
    assertEquals(4, result.steps());
    assertEquals(List.of(2, 4), result.metrics().stream().map(r -> r.step()).toList(), "a checkpoint per stage");
    assertTrue(Double.isFinite(result.metrics().get(1).devMse()), "validated on the dev sequence");
    Throughput throughput = data.throughput();
    assertNotNull(throughput);
    assertEquals(4 + 2, throughput.syncs(), "one exchange per step, one at the end of each stage");

    DataParallelReference.Comparison comparison = DataParallelReference.compare(data, data.statistics(false), config, folder, 4,
        SEED);
    System.out.println("data parallel in local mode, 2 workers, K=1, 4 steps: " + comparison);
    comparison.assertSame();
  }

  @Test
  void resumingFromACheckpointGivesTheSameModelAsOneRun() throws IOException {
    DiffusionConfig config = config(2);
    ClusterTrainingData data = open(2, 1);
    data.train(job(data, config, dir.resolve("whole"), 4, false));
    data.train(job(data, config, dir.resolve("split"), 2, false));
    data.train(job(data, config, dir.resolve("split"), 4, true));
    assertArrayEquals(Files.readAllBytes(dir.resolve("whole/weights.params")),
        Files.readAllBytes(dir.resolve("split/weights.params")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("whole/metrics.csv")),
        Files.readAllBytes(dir.resolve("split/metrics.csv")));
  }

  @Test
  void localSgdAveragesTheWeightsEveryKSteps() throws IOException {
    DiffusionConfig config = config(3);
    ClusterTrainingData data = open(2, 2);
    Path folder = dir.resolve("sync-2");
    data.train(job(data, config, folder, 3, false));
    assertEquals(3 / 2 + 1 + 1, data.throughput().syncs(), "weights at step 2 and 3 (the stage's end), then the "
        + "EMA weights and moments");

    // Two replicas, each on its own share, averaged at steps 2 and 3.
    PoseStatistics stats = data.statistics(false);
    List<ShardStream> streams = DataParallelReference.streams(data, 2, SEED);
    int stepsPerEpoch = DiffusionTrainer.stepsPerEpoch(data.trainedOnCount(false), 4);
    int planned = DiffusionTrainer.plannedSteps(config, DiffusionTrainer.Options.seeded(SEED, 3), stepsPerEpoch);
    try (Replica a = new Replica(config, stats, null, SEED); Replica b = new Replica(config, stats, null, SEED)) {
      List<Replica> replicas = List.of(a, b);
      for (int step = 0; step < 3; step++) {
        for (int w = 0; w < 2; w++) {
          StepInputs share = DataParallelWorker.share(streams.get(w).next(2), stats, config,
              new DataParallelWorker.Segment(w, 2, 0, 3, planned, stepsPerEpoch, 2, 2, SEED, false), step);
          replicas.get(w).computeGradients(share, 0);
          replicas.get(w).update(step, DiffusionTrainer.learningRate(config.training(), step, planned));
        }
        if (step == 1 || step == 2) {
          float[] mean = DataParallelWorker.average(new float[][] {a.weightVector(), b.weightVector()});
          a.setWeightVector(mean);
          b.setWeightVector(mean);
        }
      }
      double difference = DataParallelReference.relativeDifference(DataParallelReference.weights(config, folder),
          a.weightVector());
      System.out.printf("local SGD, 2 workers, K=2, 3 steps: relative difference %.2e%n", difference);
      assertTrue(difference <= 1e-5, "relative difference " + difference);
    }
  }
}
