package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.LocalTrainingData;
import org.signwriting.animation.evaluation.EvaluationData;
import org.signwriting.animation.evaluation.EvaluationData.Labeled;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;

/**
 * What train and evaluate collect to the driver: prepare-poses on copies of three real files (one train row, one
 * dev row, one untranscribed file, as {@code --include-untranscribed} writes for pretraining), joined with an
 * embeddings table made here.
 */
class TrainingDataReaderTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path prepared;
  static PoseHeader header;

  /** One prepare-poses run serves both tests. */
  @BeforeAll
  static void prepare() throws IOException {
    Path poses = dir.resolve("poses");
    Files.createDirectories(poses);
    for (String name : List.of(PreparePosesJobTest.WHATSTHATSIGN, PreparePosesJobTest.DICTIO,
        PreparePosesJobTest.DSGS)) {
      Files.copy(SharedData.path("poses/" + name), poses.resolve(name));
    }
    Path csv = dir.resolve("data.csv");
    Files.writeString(csv, "pose,videoLanguage,start,end,text,split\n"
        + PreparePosesJobTest.WHATSTHATSIGN + ",ase,0,2402,M512x516S14c20489x485,train\n"
        + PreparePosesJobTest.DICTIO + ",cse,0,1320,M531x514S10e22470x499S2c301505x487,dev\n",
        StandardCharsets.UTF_8);
    spark = LocalSpark.session();
    prepared = dir.resolve("prepared");
    PreparePosesJob.run(spark, new PreparePosesJob.Options(poses.toString(), csv.toString(), prepared.toString(), true));
    header = PoseReader.readHeader(prepared.resolve(PreparedPoses.HEADER_FILE));
  }

  /** An embeddings table holding the given sign ids, embedding i = (i + 1, 0, 0, 0). */
  private static Path embeddings(List<String> signIds) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < signIds.size(); i++) {
      rows.add(RowFactory.create(signIds.get(i), "M500x500S10000490x490", "x", new Float[] {i + 1f, 0f, 0f, 0f},
          null));
    }
    Path table = dir.resolve("embeddings-" + signIds.size());
    spark.createDataFrame(rows, PrepareEmbeddingsJob.SCHEMA).write().parquet(table.toString());
    return table;
  }

  private static List<String> signIds() {
    return spark.read().parquet(prepared.toString()).filter("sign_id is not null").orderBy("id")
        .select("sign_id").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void splitsWithTheirEmbeddingsAndTheHeader() throws IOException {
    Pose whatsThatSign = PosePreprocessing.forTraining(PoseReader.read(
        SharedData.path("poses/" + PreparePosesJobTest.WHATSTHATSIGN), FrameRange.millis(0, 2402)));
    assertEquals(whatsThatSign.header().componentNames(), header.componentNames());
    assertEquals(178, header.totalPoints());
    assertEquals(whatsThatSign.body().fps(), PoseReader.read(prepared.resolve(PreparedPoses.HEADER_FILE)).body().fps(),
        "the header file carries a train row's fps");

    List<String> ids = signIds();
    LocalTrainingData data = TrainingDataReader.read(spark, prepared.toString(), embeddings(ids).toString(), header);
    assertEquals(1, data.train().size());
    assertEquals(1, data.dev().size());
    assertEquals(1, data.untranscribed().size());
    assertTrue(data.skipped().isEmpty(), data.skipped().toString());
    Sequence train = data.train().get(0);
    assertEquals("whatsthatsign-524@0-2402", train.id());
    assertEquals(whatsThatSign.body().frames(), train.frames());
    assertArrayEquals(whatsThatSign.body().data(), train.data(), "one person: the pre-processed values as they are");
    assertEquals(whatsThatSign.body().fps(), data.fps());
    // Sign ids sorted by row id: dictio's is first, whatsthatsign's second.
    assertArrayEquals(new float[] {2, 0, 0, 0}, train.signEmbedding());
    assertArrayEquals(new float[] {1, 0, 0, 0}, data.dev().get(0).signEmbedding());
    assertNull(data.untranscribed().get(0).signEmbedding());
    assertTrue(data.signSample().fsw().startsWith("M500x500"));

    // The statistics of the sequences trained on, named by the header, as pose-stats computes them.
    PoseStatistics stats = data.statistics(false);
    assertEquals(PoseStatistics.layout(header).get(1), stats.names());
    PoseStatistics.Accumulator accumulator = new PoseStatistics.Accumulator(178, 3);
    accumulator.add(train.data(), train.confidence(), train.frames(), 1);
    PoseStatistics expected = accumulator.result(stats.components(), stats.names());
    for (int p = 0; p < 178; p++) {
      assertEquals(expected.count(p), stats.count(p));
      for (int d = 0; d < 3; d++) {
        assertEquals(expected.mean(p, d), stats.mean(p, d), 0, "mean " + p);
        assertEquals(expected.std(p, d), stats.std(p, d), 0, "std " + p);
      }
    }
    PoseStatistics pretraining = data.statistics(true);
    long observations = 0;
    long pretrainingObservations = 0;
    for (int p = 0; p < 178; p++) {
      observations += stats.count(p);
      pretrainingObservations += pretraining.count(p);
    }
    assertTrue(pretrainingObservations > observations, "pretraining adds the untranscribed poses");
  }

  @Test
  void aSignWithoutEmbeddingIsAnErrorAndUnconditionalNeedsNone() throws IOException {
    Path partial = embeddings(signIds().subList(0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingDataReader.read(spark, prepared.toString(), partial.toString(), header));
    assertTrue(e.getMessage().startsWith(partial + ": no embedding for the sign of whatsthatsign-524@0-2402"),
        e.getMessage());
    LocalTrainingData unconditional = TrainingDataReader.read(spark, prepared.toString(), null, header);
    assertNull(unconditional.train().get(0).signEmbedding());
    assertNull(unconditional.signSample());
    IllegalArgumentException notATable = assertThrows(IllegalArgumentException.class,
        () -> TrainingDataReader.read(spark, dir.resolve("poses").toString(), null, header));
    assertEquals(dir.resolve("poses") + ": not a finished prepare-poses output (no _SUCCESS in it)",
        notATable.getMessage());
  }

  /**
   * evaluate reads the evaluated split and the train split; evaluating train itself makes them the same rows
   * (here two training signs: the real row and a copy of it under another sign). A split without transcribed rows,
   * and a train split holding only the evaluated sign (retrieval leaves it out), are one-line errors.
   */
  @Test
  void evaluationReadsAnySplitTheTrainSplitIncluded() throws IOException {
    List<Row> rows = new ArrayList<>(spark.read().schema(PreparePosesJob.SCHEMA).parquet(prepared.toString())
        .collectAsList());
    Row train = rows.stream().filter(r -> r.<String>getAs(PreparedPoses.SPLIT).equals("train")).findFirst()
        .orElseThrow();
    Object[] fields = new Object[train.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = train.get(i);
    }
    fields[train.fieldIndex(PreparedPoses.ID)] = "other";
    fields[train.fieldIndex(PreparedPoses.SIGN_ID)] = "sign-other";
    rows.add(RowFactory.create(fields));
    Path table = dir.resolve("two-training-signs");
    spark.createDataFrame(rows, PreparePosesJob.SCHEMA).write().partitionBy(PreparedPoses.SPLIT)
        .parquet(table.toString());
    Files.copy(prepared.resolve(PreparedPoses.HEADER_FILE), table.resolve(PreparedPoses.HEADER_FILE));
    List<String> signs = new ArrayList<>(signIds());
    signs.add("sign-other");
    String embeddings = embeddings(signs).toString();

    EvaluationData onTrain = EvaluationDataReader.read(spark, table.toString(), embeddings, "train").data();
    List<String> trainIds = List.of("other", "whatsthatsign-524@0-2402");
    assertEquals(trainIds, onTrain.test().stream().map(Labeled::id).toList());
    assertEquals(trainIds, onTrain.train().stream().map(Labeled::id).toList());
    EvaluationData onDev = EvaluationDataReader.read(spark, table.toString(), embeddings, "dev").data();
    assertEquals(List.of("dictio-czj-3debf210b4a99ac12155e654c3aeb51a@0-1320"),
        onDev.test().stream().map(Labeled::id).toList());
    assertEquals(trainIds, onDev.train().stream().map(Labeled::id).toList());

    IllegalArgumentException oneSign = assertThrows(IllegalArgumentException.class,
        () -> EvaluationDataReader.read(spark, prepared.toString(), embeddings, "train"));
    assertTrue(oneSign.getMessage().startsWith("every training sequence shows the sign of "
        + "whatsthatsign-524@0-2402 (sign_id "), oneSign.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> EvaluationDataReader.read(spark, prepared.toString(), embeddings, "test"));
    assertEquals(prepared + ": no transcribed rows in split 'test' to evaluate (its splits: dev, train)",
        none.getMessage());
  }

  /**
   * A row with a point that is present but not a number is left out and reported, by the local reader and by the
   * cluster's scan alike (they share the check), and the rest trains; before, it failed the whole data.
   */
  @Test
  void aRowThatCannotBeTrainedOnIsLeftOutAndReported() throws IOException {
    List<Row> rows = new ArrayList<>(spark.read().schema(PreparePosesJob.SCHEMA).parquet(prepared.toString())
        .collectAsList());
    Row train = rows.stream().filter(r -> r.<String>getAs(PreparedPoses.SPLIT).equals("train")).findFirst()
        .orElseThrow();
    float[] values = PreparedPoses.floats(train.getAs(PreparedPoses.DATA));
    float[] confidence = PreparedPoses.floats(train.getAs(PreparedPoses.CONFIDENCE));
    int point = 0;
    while (confidence[point] == 0) {
      point++;
    }
    values[point * 3 + 1] = Float.NaN;
    Object[] fields = new Object[train.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = train.get(i);
    }
    fields[train.fieldIndex(PreparedPoses.ID)] = "broken";
    fields[train.fieldIndex(PreparedPoses.DATA)] = PreparedPoses.bytes(values);
    rows.add(RowFactory.create(fields));
    Path table = dir.resolve("with-nan");
    spark.createDataFrame(rows, PreparePosesJob.SCHEMA).write().partitionBy(PreparedPoses.SPLIT)
        .parquet(table.toString());
    Files.copy(prepared.resolve(PreparedPoses.HEADER_FILE), table.resolve(PreparedPoses.HEADER_FILE));
    List<String> reason = List.of("broken: frame 0, point " + point + " is NaN but not masked");

    LocalTrainingData local = TrainingDataReader.read(spark, table.toString(), null, header);
    assertEquals(List.of("whatsthatsign-524@0-2402"), local.train().stream().map(Sequence::id).toList());
    assertEquals(reason, local.skipped());
    ClusterTrainingData cluster = ClusterTrainingData.open(spark, table.toString(), null, header, true,
        new ClusterTrainer.Settings(1, 1, 3, 4096));
    assertEquals(reason, cluster.skipped());
    assertEquals(1, cluster.counts().train(), "the scan counts the rows trained on");
  }
}
