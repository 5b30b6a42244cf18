package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.pose.PoseStatistics;

class DiffusionTrainerTest {

  @TempDir
  Path dir;

  private static DiffusionTrainer.Data data(List<Sequence> train, List<Sequence> dev) {
    return new DiffusionTrainer.Data(train, dev, TrainingWindows.statistics(train));
  }

  @Test
  void overfitsTwoShortSignsAndSamplingReproducesTheTargetWindow() throws IOException {
    DiffusionConfig tiny = DiffusionFixtures.tinyConfig();
    DiffusionConfig config = tiny
        .withModel(new DiffusionConfig.Model(DiffusionFixtures.POINTS, DiffusionFixtures.DIMS,
            DiffusionFixtures.SIGN_SIZE, 64, 128, 2, 4, 0f, 8, 8, 0))
        .withTraining(new DiffusionConfig.Training(16, 1000, 2e-3f, 0.1f, 0f, 0.995f, 100));
    // 16 frames: windows start at the sampler's chunk starts, frames 0 and 8 (8 past, 8 future frames).
    List<Sequence> signs = DiffusionFixtures.twoSigns(16);
    DiffusionTrainer.Result result = new DiffusionTrainer(config, dir)
        .train(data(signs, signs), DiffusionTrainer.Options.seeded(11, 400));

    double[] losses = result.stepLosses();
    double first = Arrays.stream(losses, 0, 10).average().orElseThrow();
    double last = Arrays.stream(losses, losses.length - 20, losses.length).average().orElseThrow();
    assertTrue(last <= 0.1 * first, "loss must fall by 90 %: first " + first + ", last " + last);

    try (DiffusionSampler sampler = DiffusionSampler.open(dir)) {
      PoseStatistics stats = sampler.statistics();
      float[] meanFrame = stats.meanFrame();
      int frameSize = DiffusionFixtures.POINTS * DiffusionFixtures.DIMS;
      for (Sequence sign : signs) {
        float[] past = Arrays.copyOfRange(sign.data(), 0, 8 * frameSize);
        float[] target = Arrays.copyOfRange(sign.data(), 8 * frameSize, 16 * frameSize);
        float[] sampled = sampler.continueMotion(past, sign.signEmbedding(), 1.5f, 5);
        float[] meanPose = new float[target.length];
        for (int i = 0; i < meanPose.length; i++) {
          meanPose[i] = meanFrame[i % frameSize];
        }
        double model = MotionMetrics.dtwMeanJointError(sampled, null, target, null, DiffusionFixtures.POINTS,
            DiffusionFixtures.DIMS);
        double baseline = MotionMetrics.dtwMeanJointError(meanPose, null, target, null,
            DiffusionFixtures.POINTS, DiffusionFixtures.DIMS);
        System.out.printf("overfit %s: loss %.4f -> %.4f, DTW-MJE %.4f vs mean pose %.4f%n", sign.id(), first,
            last, model, baseline);
        assertTrue(model <= baseline / 5, sign.id() + ": DTW-MJE " + model + " vs mean pose " + baseline);
      }
    }
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(TrainingMetrics.CSV_HEADER, csv.get(0));
    assertEquals(5, csv.size(), "a row per 100 steps");
    assertTrue(Files.size(dir.resolve("metrics.png")) > 1000);
  }

  /**
   * Seen: a model trained on L2-normalized sign embeddings animated every sign alike from the mean pose, where
   * only the sign tells signs apart (first frames of two signs 0.001 apart, their ground truths 0.1).
   */
  @ParameterizedTest(name = "{0} symbol slots")
  @ValueSource(ints = {0, 4})
  void animationsFromTheMeanPoseFollowTheirSign(int symbolSlots) throws IOException {
    int signSize = 64;
    DiffusionConfig config = DiffusionFixtures.tinyConfig()
        .withModel(new DiffusionConfig.Model(DiffusionFixtures.POINTS, DiffusionFixtures.DIMS, signSize, 32, 64, 2,
            2, 0f, 8, 4, symbolSlots))
        .withTraining(new DiffusionConfig.Training(8, 1000, 2e-3f, 0.1f, 0f, 0.95f, 100));
    // Without symbol rows the embeddings tell the signs apart; with them, the two signs share one embedding and
    // only their symbols differ (a hand beside the head; a hand and an arrow), so the model must read the symbols.
    float[] shared = DiffusionFixtures.randomEmbedding(1, signSize);
    List<Sequence> signs = List.of(
        signed(DiffusionFixtures.movingSequence("sign-a", 12, 0,
            symbolSlots == 0 ? DiffusionFixtures.randomEmbedding(1, signSize) : shared),
            "M546x518S2ff00482x483S10e50526x455"),
        signed(DiffusionFixtures.movingSequence("sign-b", 12, 1,
            symbolSlots == 0 ? DiffusionFixtures.randomEmbedding(2, signSize) : shared),
            "M518x529S14c20481x471S27106503x489"));
    // Symbols reach the model through a one-hot layer of 700 inputs, an embedding through 64: more steps.
    new DiffusionTrainer(config, dir).train(data(signs, List.of()),
        DiffusionTrainer.Options.seeded(3, symbolSlots == 0 ? 200 : 400));

    int chunk = 4 * DiffusionFixtures.POINTS * DiffusionFixtures.DIMS;
    try (DiffusionSampler sampler = DiffusionSampler.open(dir)) {
      float[][] firstChunks = new float[2][];
      float[][] truths = new float[2][];
      for (int i = 0; i < 2; i++) {
        // the first chunk: the past is the mean pose for both signs, so only the sign tells them apart
        float[] condition = sampler.condition(signs.get(i).signEmbedding(), signs.get(i).signWriting());
        firstChunks[i] = Arrays.copyOf(sampler.animate(condition, 12, 2f, 7), chunk);
        truths[i] = Arrays.copyOf(signs.get(i).data(), chunk);
      }
      for (int i = 0; i < 2; i++) {
        double own = MotionMetrics.dtwMeanJointError(firstChunks[i], null, truths[i], null,
            DiffusionFixtures.POINTS, DiffusionFixtures.DIMS);
        double other = MotionMetrics.dtwMeanJointError(firstChunks[i], null, truths[1 - i], null,
            DiffusionFixtures.POINTS, DiffusionFixtures.DIMS);
        System.out.printf("%s from the mean pose: DTW-MJE %.4f to its own start, %.4f to the other sign's%n",
            signs.get(i).id(), own, other);
        assertTrue(own < other, signs.get(i).id() + ": " + own + " to its own start, " + other
            + " to the other's");
      }
    }
  }

  private static Sequence signed(Sequence s, String signWriting) {
    return new Sequence(s.id(), s.frames(), s.points(), s.dims(), s.data(), s.confidence(), s.signEmbedding(),
        signWriting);
  }

  private static DiffusionTrainer.Options options(long seed, int maxSteps) {
    return DiffusionTrainer.Options.seeded(seed, maxSteps);
  }

  @Test
  void startingFromAModelOfOtherSizesIsOneLine() throws IOException {
    List<Sequence> signs = DiffusionFixtures.twoSigns(30);
    DiffusionConfig embeddingOnly = DiffusionFixtures.tinyConfig();
    new DiffusionTrainer(embeddingOnly, dir.resolve("pretrained")).train(data(signs, List.of()), options(3, 1));
    DiffusionConfig.Model m = embeddingOnly.model();
    DiffusionConfig withSymbols = embeddingOnly.withModel(m.withSymbols(4, false, false));
    DiffusionTrainer.Options from = new DiffusionTrainer.Options(3, 1, 0, false, false, dir.resolve("pretrained"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DiffusionTrainer(withSymbols, dir.resolve("tuned")).train(data(signs, List.of()), from));
    assertTrue(e.getMessage().startsWith(dir.resolve("pretrained").resolve("diffusion-config.json")
        + ": its model has other sizes than this run's"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    // The same sizes with another dropout is fine.
    DiffusionConfig otherDropout = embeddingOnly.withModel(m.withDropout(0f));
    new DiffusionTrainer(otherDropout, dir.resolve("tuned")).train(data(signs, List.of()), from);
  }

  @Test
  void sameSeedSameModelAndAnotherSeedAnother() throws IOException {
    List<Sequence> signs = DiffusionFixtures.twoSigns(30);
    DiffusionConfig config = DiffusionFixtures.tinyConfig();
    new DiffusionTrainer(config, dir.resolve("a")).train(data(signs, List.of()), options(3, 4));
    new DiffusionTrainer(config, dir.resolve("b")).train(data(signs, List.of()), options(3, 4));
    new DiffusionTrainer(config, dir.resolve("c")).train(data(signs, List.of()), options(4, 4));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/ema-weights.params")),
        Files.readAllBytes(dir.resolve("b/ema-weights.params")));
    assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("a/weights.params")),
        Files.readAllBytes(dir.resolve("c/weights.params"))));
    try (DiffusionSampler a = DiffusionSampler.open(dir.resolve("a"));
        DiffusionSampler b = DiffusionSampler.open(dir.resolve("b"))) {
      float[] sign = signs.get(0).signEmbedding();
      assertArrayEquals(a.animate(sign, 9, 2f, 42), b.animate(sign, 9, 2f, 42));
      assertFalse(Arrays.equals(a.animate(sign, 9, 2f, 42), a.animate(sign, 9, 2f, 43)));
    }
  }

  @Test
  void resumingACheckpointEqualsAnUninterruptedRun() throws IOException {
    List<Sequence> signs = DiffusionFixtures.twoSigns(30);
    DiffusionConfig config = DiffusionFixtures.tinyConfig();
    DiffusionTrainer.Data data = data(signs, signs.subList(0, 1));
    DiffusionTrainer.Result whole = new DiffusionTrainer(config, dir.resolve("whole")).train(data, options(5, 6));
    new DiffusionTrainer(config, dir.resolve("split")).train(data, options(5, 3));
    DiffusionTrainer.Result resumed = new DiffusionTrainer(config, dir.resolve("split"))
        .train(data, options(5, 6).resuming());

    assertEquals(3, resumed.stepLosses().length, "continues at step 4");
    assertArrayEquals(Arrays.copyOfRange(whole.stepLosses(), 3, 6), resumed.stepLosses());
    for (String file : List.of("weights.params", "ema-weights.params", "checkpoint.bin", "metrics.csv")) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("whole").resolve(file)),
          Files.readAllBytes(dir.resolve("split").resolve(file)), file);
    }
  }

  @Test
  void nonFiniteLossStopsWithAClearErrorAndKeepsTheLastGoodCheckpoint() throws IOException {
    List<Sequence> signs = DiffusionFixtures.twoSigns(30);
    DiffusionConfig config = DiffusionFixtures.tinyConfig();
    new DiffusionTrainer(config, dir).train(data(signs, List.of()), options(1, 3));
    byte[] good = Files.readAllBytes(dir.resolve("checkpoint.bin"));
    String goodConfig = Files.readString(dir.resolve("diffusion-config.json"));

    // An absurd learning rate blows the weights up: the next loss overflows.
    DiffusionConfig exploding = config.withTraining(new DiffusionConfig.Training(4, 100, 1e30f, 1f, 0f,
        0.995f, 3));
    DiffusionTrainer.TrainingDivergedException error = assertThrows(
        DiffusionTrainer.TrainingDivergedException.class,
        () -> new DiffusionTrainer(exploding, dir).train(data(signs, List.of()), options(1, 9).resuming()));
    assertTrue(error.getMessage().matches("(?s)training stopped: the loss became (NaN|Infinity) at step [45] .*"
        + "last good checkpoint \\(step 3\\).*"), error.getMessage());
    assertArrayEquals(good, Files.readAllBytes(dir.resolve("checkpoint.bin")));
    assertEquals(goodConfig, Files.readString(dir.resolve("diffusion-config.json")), "the checkpoint's config");
    DiffusionTrainer.Result resumed = new DiffusionTrainer(config, dir).train(data(signs, List.of()),
        options(1, 4).resuming());
    assertTrue(Double.isFinite(resumed.stepLosses()[0]));
  }

  /** Seen: a run that diverged before its first checkpoint said "the last good checkpoint (step 0) is kept". */
  @Test
  void divergingBeforeTheFirstCheckpointClaimsNone() {
    DiffusionConfig exploding = DiffusionFixtures.tinyConfig().withTraining(new DiffusionConfig.Training(4, 100,
        1e30f, 1f, 0f, 0.995f, 100));
    DiffusionTrainer.TrainingDivergedException error = assertThrows(
        DiffusionTrainer.TrainingDivergedException.class,
        () -> new DiffusionTrainer(exploding, dir).train(data(DiffusionFixtures.twoSigns(30), List.of()),
            options(1, 9)));
    assertTrue(error.getMessage().contains("; this run reached no checkpoint, so none is written; "),
        error.getMessage());
    assertFalse(Files.exists(dir.resolve("checkpoint.bin")));
  }

  @Test
  void resumingWithoutACheckpointIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DiffusionTrainer(DiffusionFixtures.tinyConfig(), dir)
            .train(data(DiffusionFixtures.twoSigns(20), List.of()), options(1, 2).resuming()));
    assertEquals(dir + ": no checkpoint.bin to resume from", e.getMessage());
  }

  @Test
  void conditionDropoutDropsBothConditionsAtTheConfiguredRate() {
    float[] hasSign = new float[20_000];
    Arrays.fill(hasSign, 0, 10_000, 1);
    StepInputs.Keeps keeps = StepInputs.dropConditions(new SplittableRandom(3), hasSign, 0.15f,
        false);
    int dropped = 0;
    for (int i = 0; i < hasSign.length; i++) {
      assertEquals(keeps.past()[i] * hasSign[i], keeps.sign()[i], "the sign goes with the past, if any");
      dropped += keeps.past()[i] == 0 ? 1 : 0;
    }
    assertEquals(0.15, dropped / 20_000.0, 0.01);
    StepInputs.Keeps unconditional = StepInputs.dropConditions(new SplittableRandom(3), hasSign,
        0.15f, true);
    for (float keep : unconditional.sign()) {
      assertEquals(0f, keep);
    }
  }

  @Test
  void pastNoiseOffsetsHalfThePastsByOneConstantPerCoordinateAndLeavesTheFutures() {
    List<Sequence> signs = DiffusionFixtures.twoSigns(30);
    PoseStatistics stats = TrainingWindows.statistics(signs);
    DiffusionConfig plain = DiffusionFixtures.tinyConfig();
    DiffusionConfig.Diffusion d = plain.diffusion();
    DiffusionConfig noisy = plain.withDiffusion(new DiffusionConfig.Diffusion(d.steps(), d.noiseSchedule(),
        d.conditionDropProbability(), d.guidanceScale(), 1.5f));
    List<Sequence> many = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(signs.get(i % 2));
    }
    StepInputs truth = StepInputs.draw(many, stats, plain, false, new SplittableRandom(5));
    StepInputs perturbed = StepInputs.draw(many, stats, noisy, false, new SplittableRandom(5));
    assertArrayEquals(truth.batch().future(), perturbed.batch().future(), "the futures stay the true ones");
    assertArrayEquals(truth.keepPast(), perturbed.keepPast());
    DiffusionConfig.Model m = plain.model();
    int frameSize = m.frameSize();
    int pastSize = m.pastFrames() * frameSize;
    int offset = 0;
    double largest = 0;
    for (int i = 0; i < many.size(); i++) {
      float first = perturbed.batch().past()[i * pastSize] - truth.batch().past()[i * pastSize];
      offset += first != 0 ? 1 : 0;
      for (int c = 0; c < frameSize; c++) {
        float shift = perturbed.batch().past()[i * pastSize + c] - truth.batch().past()[i * pastSize + c];
        largest = Math.max(largest, Math.abs(shift));
        assertEquals(first == 0, shift == 0, "a window's past is offset in every coordinate or in none");
        for (int f = 1; f < m.pastFrames(); f++) {
          assertEquals(shift, perturbed.batch().past()[i * pastSize + f * frameSize + c]
              - truth.batch().past()[i * pastSize + f * frameSize + c], 1e-5, "one offset per coordinate");
        }
      }
    }
    assertEquals(100, offset, 20, "about half the windows");
    assertTrue(largest > 1.5 && largest < 1.5 * 6, "offsets of standard deviations up to 1.5, largest " + largest);
    assertArrayEquals(truth.batch().past(), StepInputs.draw(many, stats, plain, false, new SplittableRandom(5))
        .batch().past(), "without past noise the pasts are the true ones");
  }

  @Test
  void pretrainsUnconditionallyThenFineTunesWithSigns() throws IOException {
    List<Sequence> signs = DiffusionFixtures.twoSigns(30);
    List<Sequence> withoutSigns = signs.stream().map(s -> new Sequence(s.id(), s.frames(), s.points(), s.dims(),
        s.data(), s.confidence(), null, s.signWriting())).toList();
    DiffusionConfig config = DiffusionFixtures.tinyConfig();
    DiffusionTrainer.Result pretrained = new DiffusionTrainer(config, dir.resolve("pretrained"))
        .train(data(withoutSigns, List.of()), new DiffusionTrainer.Options(2, 3, 0, true, false, null));
    assertEquals(0.0, pretrained.metrics().get(0).length(), "no sign, no length loss");
    DiffusionTrainer.Result tuned = new DiffusionTrainer(config, dir.resolve("tuned")).train(data(signs, List.of()),
        new DiffusionTrainer.Options(2, 3, 0, false, false, dir.resolve("pretrained")));
    assertTrue(tuned.metrics().get(0).length() > 0);
    assertEquals(pretrained.stepLosses().length, tuned.stepLosses().length);
  }

  @Test
  void learningRateAnnealsFromTheConfiguredRateToItsFloor() {
    DiffusionTrainer trainer = new DiffusionTrainer(DiffusionFixtures.tinyConfig(), dir);
    assertEquals(1e-3f, trainer.learningRate(0, 100), 1e-9);
    assertEquals(0.55e-3f, trainer.learningRate(50, 100), 1e-8);
    assertEquals(1e-4f, trainer.learningRate(100, 100), 1e-9);
  }

  @Test
  void aConfigWrittenBeforeSymbolRowsIsTheEmbeddingOnlyModelWithTheNormalizedLoss() {
    DiffusionConfig current = DiffusionFixtures.tinyConfig();
    String old = current.toJson().replaceAll(",\\s*\"(symbolSlots|symbolNames|symbolsOnly|poseUnits|pastNoise)\": "
        + "[\\w.]+", "");
    assertFalse(old.contains("symbol") || old.contains("poseUnits") || old.contains("pastNoise"), old);
    DiffusionConfig read = DiffusionConfig.fromJson(old, "old.json");
    assertEquals(0, read.model().symbolSlots());
    assertFalse(read.model().symbolNames() || read.model().symbolsOnly(), "bases as ids, the embedding read");
    assertEquals(0f, read.diffusion().pastNoise(), "true past motion");
    assertFalse(read.loss().poseUnits());
    assertEquals(current, read);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.fromJson(
        current.toJson().replace("\"symbolSlots\": 0", "\"symbolSlots\": -1"), "bad.json"));
    assertEquals("bad.json: model.symbolSlots must be a whole number ≥ 0, not -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.fromJson(
        current.toJson().replace("\"symbolsOnly\": false", "\"symbolsOnly\": true"), "only.json"));
    assertEquals("only.json: model.symbolNames and model.symbolsOnly need model.symbolSlots > 0 (symbol rows to read)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.fromJson(
        current.toJson().replace("\"pastNoise\": 0.0", "\"pastNoise\": -1.0"), "noise.json"));
    assertEquals("noise.json: diffusion.pastNoise must be a finite number ≥ 0, not -1.0", e.getMessage());
  }

  @Test
  void badConfigIsRefusedWithTheFieldsNamed() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"model\": {\"points\": 0, \"latentSize\": 30, \"heads\": 4}, \"diffusion\": {},"
        + " \"loss\": {}, \"training\": {}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.read(file));
    assertTrue(e.getMessage().startsWith(file + ": model.points must be a positive whole number"), e.getMessage());
    assertTrue(e.getMessage().contains("model.latentSize 30 is not a multiple of model.heads 4"), e.getMessage());
    assertTrue(e.getMessage().contains("diffusion.noiseSchedule must be \"cosine\""), e.getMessage());
    Files.writeString(file, "{\"model\": [}");
    assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.read(file));
  }

  @Test
  void defaultConfigIsTheIssuesModel() throws IOException {
    DiffusionConfig config = DiffusionConfig.read(Path.of(System.getProperty("swa.project.dir", "."),
        "conf", "diffusion.json"));
    assertEquals(new DiffusionConfig.Model(178, 3, 512, 256, 1024, 4, 4, 0.1f, 40, 20, 24, true, false),
        config.model());
    assertEquals(8, config.diffusion().steps());
    assertEquals(1.5f, config.diffusion().pastNoise());
    assertEquals(0.15f, config.diffusion().conditionDropProbability());
    assertEquals(1.0f, config.loss().velocityWeight());
    assertEquals(0.5f, config.loss().accelerationWeight());
  }
}
