package org.signwriting.animation.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionSampler;
import org.signwriting.animation.diffusion.MotionMetrics;
import org.signwriting.animation.diffusion.SignToPoseDiffusion;
import org.signwriting.animation.evaluation.EvaluationData.Labeled;
import org.signwriting.animation.evaluation.MotionEvaluation.Report;
import org.signwriting.animation.evaluation.MotionEvaluation.SystemResult;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.synthetic.SyntheticSigner;

/**
 * The evaluation on synthetic poses of the average signer: the rule-based system reproduces them, so its errors
 * are 0 and it tells every sign from every other; the mean pose does not move; retrieval returns the nearest
 * training sign's motion, never the evaluated sign's own (so on the train split it is not the ground truth);
 * every figure is the metric of {@link MotionMetrics} on the poses the systems made. The diffusion model is an
 * untrained one of the right shape (its figures are only checked to exist).
 */
class MotionEvaluationTest {
  private static final String[] TRAIN = {
      "M540x540S15a00480x480S22b00505x505", "M540x540S15a00480x480S22b04505x505",
      "M540x540S14c20480x480S2e300505x505"};
  private static final String[] TEST = {
      "M540x540S15a00480x480S22b02505x505", "M540x540S14c20480x480S28c00505x505",
      "M550x540S2ff00482x483S15a00520x500"};

  @TempDir Path dir;

  private static Labeled sample(String id, String fsw) {
    Pose prepared = PosePreprocessing.forTraining(SyntheticSigner.animateStandard(fsw));
    PoseBody body = prepared.body();
    return new Labeled(id, "sign-" + id, SignWriting.toFsw(fsw),
        new Sequence(id, body.frames(), body.points(), body.dims(), body.data(), body.confidence(), null, null));
  }

  /** A one-hot embedding per sign; test sign i's embedding leans toward training sign i. */
  private static float[] embedding(int hot, float lean, int leanTo) {
    float[] e = new float[4];
    e[hot] = 1;
    if (leanTo >= 0) {
      e[leanTo] += lean;
    }
    return e;
  }

  @Test
  void baselinesAndMetricsOnPosesTheRulesMade() throws Exception {
    List<Labeled> train = training();
    List<Labeled> test = new ArrayList<>();
    Map<String, float[]> embeddings = embeddings();
    for (int i = 0; i < TEST.length; i++) {
      test.add(sample("test" + i, TEST[i]));
      embeddings.put("sign-test" + i, embedding(3, 2, i)); // nearest training sign: train i
    }
    EvaluationData data = new EvaluationData(train, test, embeddings, SyntheticSigner.header());
    assertEquals("train1", MotionEvaluation.nearest(data, test.get(1)).id());

    Report report = evaluate(data);
    assertEquals(3, report.sequenceCount());
    assertEquals(3, report.signCount());
    assertEquals(0, report.trainingSignsEvaluated(), "held-out signs");
    assertTrue(EvaluationReport.retrievalRule(report).contains("no evaluated sign is a training sign"),
        EvaluationReport.retrievalRule(report));
    assertEquals(MotionEvaluation.SYSTEMS, report.systems().stream().map(SystemResult::system).toList());

    SystemResult rules = report.system(MotionEvaluation.RULES);
    assertEquals(0, rules.dtwMje(), 1e-4, "the rules made these poses");
    assertEquals(0, rules.maskedMse(), 1e-8);
    assertEquals(1, rules.displacementRatio(), 1e-4);
    assertEquals(1, rules.swapAccuracy(), "each sign's motion is its own ground truth");

    SystemResult mean = report.system(MotionEvaluation.MEAN_POSE);
    assertEquals(0, mean.displacementRatio(), "the mean pose holds still");
    assertTrue(mean.dtwMje() > 1, "and is far from the signs: " + mean.dtwMje());

    // Every row is the metric on the system's pose against the ground truth (hands back on the wrists).
    Labeled first = test.get(0);
    Pose truth = MotionEvaluation.absolute(data.header(), first.sequence().data(), first.sequence().confidence(),
        first.sequence().frames());
    Sequence retrieved = train.get(0).sequence();
    int size = 178 * 3;
    Pose retrieval = MotionEvaluation.absolute(data.header(), MotionEvaluation.resample(retrieved.data(),
        retrieved.frames(), first.sequence().frames(), size), null, first.sequence().frames());
    double expected = MotionMetrics.dtwMeanJointError(retrieval.body().data(), null, truth.body().data(),
        truth.body().confidence(), 178, 3);
    MotionEvaluation.SequenceResult row = report.sequences().stream()
        .filter(r -> r.id().equals("test0") && r.system().equals(MotionEvaluation.RETRIEVAL)).findFirst()
        .orElseThrow();
    assertEquals(expected, row.dtwMje(), 1e-9);
    for (SystemResult s : report.systems()) {
      assertTrue(Double.isFinite(s.dtwMje()) && Double.isFinite(s.normalizedDtwMje()), s.toString());
    }
    assertEquals(2, report.examples().size());

    EvaluationReport.write(report, dir, List.of("- a test"));
    for (String file : List.of(EvaluationReport.MARKDOWN, EvaluationReport.CSV, EvaluationReport.SEQUENCES_CSV,
        EvaluationReport.PLOT)) {
      assertTrue(Files.size(dir.resolve(file)) > 0, file);
    }
    assertEquals(1 + MotionEvaluation.SYSTEMS.size(), Files.readAllLines(dir.resolve(EvaluationReport.CSV)).size());
    assertEquals(1 + 3 * MotionEvaluation.SYSTEMS.size(),
        Files.readAllLines(dir.resolve(EvaluationReport.SEQUENCES_CSV)).size());
    assertTrue(Files.readString(dir.resolve(EvaluationReport.MARKDOWN)).contains("swap accuracy"));

    // Only the first 2 frames scored: the first frames of the same whole-length motions.
    Report start = evaluate(data, 2);
    assertTrue(start.sequences().stream().allMatch(r -> r.frames() == 2), start.sequences().toString());
    MotionEvaluation.SequenceResult startRow = start.sequences().stream()
        .filter(r -> r.id().equals("test0") && r.system().equals(MotionEvaluation.RETRIEVAL)).findFirst()
        .orElseThrow();
    PoseBody retrievalStart = retrieval.body().sliceFrames(0, 2);
    PoseBody truthStart = truth.body().sliceFrames(0, 2);
    assertEquals(MotionMetrics.dtwMeanJointError(retrievalStart.data(), null, truthStart.data(),
        truthStart.confidence(), 178, 3), startRow.dtwMje(), 1e-9);
    assertTrue(start.system(MotionEvaluation.MEAN_POSE).dtwMje() < mean.dtwMje(), "fewer frames, less summed cost");
    Path startDir = Files.createDirectories(dir.resolve("start"));
    EvaluationReport.write(start, startDir, List.of());
    assertTrue(Files.readString(startDir.resolve(EvaluationReport.MARKDOWN))
        .contains("only their first 2 frames scored"));

    // With the true past: one more system, after the others; the model's own rows are unchanged.
    Report onTruth = evaluate(data, new MotionEvaluation.Options(null, 1, 0, 2, 0, true));
    List<String> systems = new ArrayList<>(MotionEvaluation.SYSTEMS);
    systems.add(MotionEvaluation.TRUE_PAST);
    assertEquals(systems, onTruth.systems().stream().map(SystemResult::system).toList());
    assertEquals(report.system(MotionEvaluation.DIFFUSION), onTruth.system(MotionEvaluation.DIFFUSION));
    assertEquals(3, onTruth.sequences().stream().filter(r -> r.system().equals(MotionEvaluation.TRUE_PAST)).count());
    assertNotEquals(report.system(MotionEvaluation.DIFFUSION).dtwMje(),
        onTruth.system(MotionEvaluation.TRUE_PAST).dtwMje(), "chunks after the truth's frames, not the model's");
  }

  /**
   * The train split evaluated: retrieval never returns the evaluated sign's own motion, which here is its ground
   * truth (DTW-MJE 0); the report says the figures are about fitting the training signs.
   */
  @Test
  void theTrainSplitIsEvaluatedWithoutRetrievingTheSignsOwnMotion() throws Exception {
    List<Labeled> train = training();
    EvaluationData data = new EvaluationData(train, train, embeddings(), SyntheticSigner.header());
    Report report = evaluate(data);
    assertEquals(3, report.signCount());
    assertEquals(3, report.trainingSignsEvaluated());
    assertTrue(EvaluationReport.retrievalRule(report).contains("all training signs"),
        EvaluationReport.retrievalRule(report));
    assertEquals(0, report.system(MotionEvaluation.RULES).dtwMje(), 1e-4, "the rules made these poses");
    for (MotionEvaluation.SequenceResult row : report.sequences()) {
      if (row.system().equals(MotionEvaluation.RETRIEVAL)) {
        assertTrue(row.dtwMje() > 0.1, "another sign's motion, not the ground truth: " + row);
      }
    }
  }

  /**
   * Leave-one-sign-out: the evaluated sign's own training sequences (cosine 1) are never the nearest; a held-out
   * sign with the same embedding gets them; a training split of one sign cannot serve its own sign.
   */
  @Test
  void retrievalLeavesTheEvaluatedSignOut() {
    Labeled a0 = tiny("a0", "sign-a");
    Labeled a1 = tiny("a1", "sign-a");
    Labeled b = tiny("b", "sign-b");
    Labeled c = tiny("c", "sign-c");
    Labeled heldOut = tiny("h", "sign-h");
    Map<String, float[]> embeddings = Map.of("sign-a", new float[] {1, 0, 0}, "sign-b", new float[] {1, 1, 0},
        "sign-c", new float[] {0, 0, 1}, "sign-h", new float[] {1, 0, 0});
    EvaluationData data = new EvaluationData(List.of(a0, a1, b, c), List.of(a0, a1, heldOut), embeddings,
        SyntheticSigner.header());
    assertEquals("b", MotionEvaluation.nearest(data, a0).id(), "the nearest other sign, not a0 itself");
    assertEquals("b", MotionEvaluation.nearest(data, a1).id(), "nor a0, another sequence of the same sign");
    assertEquals("a0", MotionEvaluation.nearest(data, heldOut).id(), "a held-out sign's nearest is any sign's");

    IllegalArgumentException oneSign = assertThrows(IllegalArgumentException.class, () -> new EvaluationData(
        List.of(a0, a1), List.of(a1), embeddings, SyntheticSigner.header()));
    assertEquals("every training sequence shows the sign of a1 (sign_id sign-a): retrieval leaves the evaluated "
        + "sign out and needs another training sign", oneSign.getMessage());
  }

  private static Labeled tiny(String id, String signId) {
    return new Labeled(id, signId, "M500x500S10000490x490",
        new Sequence(id, 1, 178, 3, new float[178 * 3], new float[178], null, null));
  }

  private static List<Labeled> training() {
    List<Labeled> train = new ArrayList<>();
    for (int i = 0; i < TRAIN.length; i++) {
      train.add(sample("train" + i, TRAIN[i]));
    }
    return train;
  }

  /** A one-hot embedding per training sign. */
  private static Map<String, float[]> embeddings() {
    Map<String, float[]> embeddings = new HashMap<>();
    for (int i = 0; i < TRAIN.length; i++) {
      embeddings.put("sign-train" + i, embedding(i, 0, -1));
    }
    return embeddings;
  }

  /** The evaluation by an untrained model of the right shape, its statistics those of the training poses. */
  private static Report evaluate(EvaluationData data) {
    return evaluate(data, 0);
  }

  private static Report evaluate(EvaluationData data, int firstFrames) {
    return evaluate(data, new MotionEvaluation.Options(null, 1, 0, 2, firstFrames));
  }

  private static Report evaluate(EvaluationData data, MotionEvaluation.Options options) {
    DiffusionConfig config = new DiffusionConfig(
        new DiffusionConfig.Model(178, 3, 4, 16, 32, 1, 2, 0f, 8, 4, 0),
        new DiffusionConfig.Diffusion(2, "cosine", 0.15f, 2.0f),
        new DiffusionConfig.Loss(1.0f, 0.5f, 0.1f, false),
        new DiffusionConfig.Training(4, 1, 1e-3f, 0.1f, 0.0f, 0.99f, 1));
    PoseStatistics.Accumulator accumulator = new PoseStatistics.Accumulator(178, 3);
    data.train().forEach(l -> accumulator.add(l.sequence().data(), l.sequence().confidence(),
        l.sequence().frames(), 1));
    List<List<String>> layout = PoseStatistics.layout(SyntheticSigner.header());
    PoseStatistics statistics = accumulator.result(layout.get(0), layout.get(1));
    try (NDManager manager = NDManager.newBaseManager()) {
      // The same weights in every call, so that two evaluations' rows can be compared.
      Engine.getInstance().setRandomSeed(21);
      SignToPoseDiffusion model = new SignToPoseDiffusion(config.model(), config.diffusion().steps());
      model.initialize(manager);
      try (DiffusionSampler sampler = new DiffusionSampler(model, config, statistics, manager)) {
        return MotionEvaluation.run(data, sampler, options, (stage, done, total) -> { });
      }
    }
  }

  @Test
  void swapAccuracyCountsOwnGroundTruthCloserAndTiesHalf() {
    Pose a = still(0f);
    Pose b = still(1f);
    Pose c = still(5f);
    List<Integer> signs = List.of(0, 1, 2);
    // Motions equal to their own truths: every comparison is won.
    assertEquals(1.0, MotionEvaluation.swapAccuracy(signs, List.of(a, b, c), List.of(a, b, c)));
    // One constant motion for all: sign 0 wins against 1 and 2 (its truth is 0), sign 1 loses to 0, wins over
    // 2; sign 2 loses both: (2 + 1 + 0) / 6.
    assertEquals(0.5, MotionEvaluation.swapAccuracy(signs, List.of(a, a, a), List.of(a, b, c)));
    // Identical truths: ties, counted half.
    assertEquals(0.5, MotionEvaluation.swapAccuracy(List.of(0, 1), List.of(a, a), List.of(a, a)));
  }

  /** Four frames of the synthetic layout with every coordinate {@code value}. */
  private static Pose still(float value) {
    float[] data = new float[4 * 178 * 3];
    java.util.Arrays.fill(data, value);
    float[] confidence = new float[4 * 178];
    java.util.Arrays.fill(confidence, 1);
    return new Pose(SyntheticSigner.header(), new PoseBody(25, 4, 1, 178, 3, data, confidence));
  }
}
