package org.signwriting.animation.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.DiffusionSampler;
import org.signwriting.animation.diffusion.MotionMetrics;
import org.signwriting.animation.evaluation.EvaluationData.Labeled;
import org.signwriting.animation.pose.HandShift;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.synthetic.SyntheticSigner;

/**
 * Evaluates a trained model on the sequences of a split against their ground truth, beside four baselines
 * computed in the same run, each producing the ground truth's number of frames. On a held-out split it measures
 * how the model animates signs it never saw; on the train split, how well it fits the signs it trained on.
 *
 * <ul>
 *   <li><b>diffusion</b>: the model folder's EMA weights, conditioned on the sign, with its guidance;</li>
 *   <li><b>unconditional</b>: the same model with no sign and guidance off (scale 1): what it does when it
 *       ignores the SignWriting;</li>
 *   <li><b>mean pose</b>: the training poses' mean pose, held still;</li>
 *   <li><b>retrieval</b>: the training motion of the training sign nearest by embedding (cosine), resampled in
 *       time to the ground truth's length, never of the evaluated sign itself (leave-one-sign-out, by sign id:
 *       on the train split it would otherwise return the ground truth's own sign; a held-out split's signs are
 *       not training signs, so there it changes nothing);</li>
 *   <li><b>rule-based</b>: the synthetic signer ({@link SyntheticSigner#animateStandard}) animating the sign by
 *       rule, prepared as prepare-poses prepares poses and resampled to the ground truth's length. On a
 *       corpus that signer made, it shows how close an animator that knows the rules gets (the remaining
 *       error is the signers' variation).</li>
 * </ul>
 *
 * <p>Metrics, on the poses with the hands put back on the wrists ({@link HandShift#unshift}), in the prepared
 * poses' units (shoulder widths): DTW-MJE and normalized DTW-MJE as pose-evaluation defines them
 * ({@link MotionMetrics}), masked MSE (frame by frame, the ground truth's masked points left out), the
 * displacement ratio (movement per frame over the ground truth's, summed over the sequences) and the
 * condition-swap accuracy: for each held-out sign, whether its generated motion is closer (DTW-MJE) to its own
 * ground truth than to each other held-out sign's (ties count half).
 */
public final class MotionEvaluation {
  public static final String DIFFUSION = "diffusion";
  public static final String UNCONDITIONAL = "unconditional (no sign, guidance off)";
  public static final String MEAN_POSE = "mean pose";
  public static final String RETRIEVAL = "retrieval (nearest training sign)";
  public static final String RULES = "rule-based (SignWriting rules, no training)";
  public static final List<String> SYSTEMS = List.of(DIFFUSION, UNCONDITIONAL, MEAN_POSE, RETRIEVAL, RULES);
  /** The model's chunks each continuing the ground truth's frames before it ({@link Options#truePast}). */
  public static final String TRUE_PAST = "diffusion on the true past (each chunk after the ground truth's frames)";

  /**
   * @param guidance the guidance scale of the conditioned model (null: the model's configured one)
   * @param seed the first sampling seed (sequence i uses seed + i)
   * @param maxSequences evaluate at most this many sequences, the first in id order (0: all)
   * @param examples keep the generated and ground-truth poses of this many evaluated signs (their first
   *     sequences) in the report
   * @param firstFrames score only the first this many frames of every system's motion and ground truth (0: the
   *     whole sequences); every system still animates the whole sign, so these are the first frames of the same
   *     animations. The model's first chunk ({@code futureFrames}) is its start from the mean pose, which every
   *     animation begins with: a model that does not beat the mean pose there has not learned where its signs start.
   * @param truePast also score the model with each chunk continuing the ground truth's frames before it, not its
   *     own motion ({@link DiffusionSampler#animateOnTruth}, the system {@link #TRUE_PAST}, after the others): the
   *     gap to {@link #DIFFUSION} is what the model's own motion carried on costs
   */
  public record Options(Float guidance, long seed, int maxSequences, int examples, int firstFrames,
      boolean truePast) {

    /** The options without the true-past system. */
    public Options(Float guidance, long seed, int maxSequences, int examples, int firstFrames) {
      this(guidance, seed, maxSequences, examples, firstFrames, false);
    }

    /** The systems these options evaluate, in the report's order. */
    public List<String> systems() {
      if (!truePast) {
        return SYSTEMS;
      }
      List<String> systems = new ArrayList<>(SYSTEMS);
      systems.add(TRUE_PAST);
      return List.copyOf(systems);
    }
  }

  /** An evaluated sequence as the model animated it, and its ground truth (hands on the wrists). */
  public record Example(String id, String fsw, Pose generated, Pose truth) {}

  /** Told as the evaluation advances. */
  @FunctionalInterface
  public interface Progress {
    void advanced(String stage, int done, int total);
  }

  /** One system's figures over the evaluated sequences. */
  public record SystemResult(String system, double dtwMje, double normalizedDtwMje, double maskedMse,
      double displacementRatio, double swapAccuracy) {}

  /** One system on one sequence. */
  public record SequenceResult(String id, String signId, String system, int frames, double dtwMje,
      double normalizedDtwMje, double maskedMse, double displacement, double groundTruthDisplacement) {}

  /**
   * The evaluation: a row per system, a row per system and sequence, the length head's mean absolute error in
   * frames, the guidance used, how many sequences and signs were evaluated, how many training sequences
   * retrieval drew from, how many of the evaluated signs are training signs (retrieval left their own
   * sequences out), and the frames scored of each sequence ({@link Options#firstFrames}, 0: all).
   */
  public record Report(List<SystemResult> systems, List<SequenceResult> sequences, double lengthError,
      float guidance, int sequenceCount, int signCount, int trainCount, int trainingSignsEvaluated,
      List<Example> examples, int firstFrames) {

    public SystemResult system(String name) {
      return systems.stream().filter(s -> s.system().equals(name)).findFirst().orElseThrow();
    }
  }

  private MotionEvaluation() {}

  public static Report run(EvaluationData data, Path modelFolder, Options options, Progress progress)
      throws IOException {
    try (DiffusionSampler sampler = DiffusionSampler.open(modelFolder)) {
      return run(data, sampler, options, progress);
    }
  }

  /** Evaluates with an open sampler (its statistics give the mean pose). */
  public static Report run(EvaluationData data, DiffusionSampler sampler, Options options, Progress progress) {
    List<Labeled> test = data.test();
    if (options.maxSequences() > 0 && test.size() > options.maxSequences()) {
      test = test.subList(0, options.maxSequences());
    }
    float guidance = options.guidance() != null ? options.guidance() : sampler.config().diffusion().guidanceScale();
    PoseStatistics statistics = sampler.statistics();
    PoseHeader header = data.header();
    int points = header.totalPoints();
    int dims = header.dims();
    requireLayout(sampler, points, dims);
    if (!header.components().stream().map(c -> c.points()).toList().equals(
        SyntheticSigner.header().components().stream().map(c -> c.points()).toList())) {
      throw new IllegalArgumentException("the prepared poses are not in the 178-point reduced holistic layout");
    }

    // Generate every system's motion for every sequence, in pose units with the hands on the wrists.
    Map<String, List<Pose>> generated = new LinkedHashMap<>();
    List<String> systemNames = options.systems();
    systemNames.forEach(s -> generated.put(s, new ArrayList<>()));
    List<Pose> truths = new ArrayList<>();
    double lengthError = 0;
    for (int i = 0; i < test.size(); i++) {
      Labeled sample = test.get(i);
      Sequence gt = sample.sequence();
      float[] embedding = data.embeddings().get(sample.signId());
      float[] condition = sampler.condition(embedding, sample.fsw());
      long seed = options.seed() + i;
      truths.add(absolute(header, gt.data(), gt.confidence(), gt.frames()));
      generated.get(DIFFUSION).add(absolute(header, sampler.animate(condition, gt.frames(), guidance, seed),
          null, gt.frames()));
      generated.get(UNCONDITIONAL).add(absolute(header, sampler.animate(null, gt.frames(), 1f, seed), null,
          gt.frames()));
      generated.get(MEAN_POSE).add(absolute(header, meanPose(statistics, gt.frames()), null, gt.frames()));
      Sequence retrieved = nearest(data, sample).sequence();
      generated.get(RETRIEVAL).add(absolute(header, resample(retrieved.data(), retrieved.frames(), gt.frames(),
          points * dims), resample(retrieved.confidence(), retrieved.frames(), gt.frames(), points),
          gt.frames()));
      Pose rules = PosePreprocessing.forTraining(SyntheticSigner.animateStandard(sample.fsw()));
      PoseBody rb = rules.body();
      generated.get(RULES).add(absolute(header, resample(rb.data(), rb.frames(), gt.frames(), points * dims),
          null, gt.frames()));
      if (options.truePast()) {
        generated.get(TRUE_PAST).add(absolute(header, sampler.animateOnTruth(condition, gt.data(), gt.confidence(),
            gt.frames(), guidance, seed), null, gt.frames()));
      }
      lengthError += Math.abs(sampler.predictFrames(condition) - gt.frames());
      progress.advanced("generate", i + 1, test.size());
    }
    if (options.firstFrames() > 0) {
      truths.replaceAll(pose -> firstFrames(pose, options.firstFrames()));
      generated.values().forEach(motions -> motions.replaceAll(pose -> firstFrames(pose, options.firstFrames())));
    }

    // Metrics per system and sequence (the DTWs in parallel: each is independent).
    List<SequenceResult> rows = new ArrayList<>();
    List<SystemResult> systems = new ArrayList<>();
    List<Integer> firstOfSign = firstOfEachSign(test);
    int done = 0;
    int total = systemNames.size() * (test.size() + firstOfSign.size());
    for (String system : systemNames) {
      List<Pose> motions = generated.get(system);
      List<Labeled> evaluated = test;
      SequenceResult[] results = IntStream.range(0, test.size()).parallel()
          .mapToObj(i -> sequenceResult(evaluated.get(i), system, motions.get(i), truths.get(i)))
          .toArray(SequenceResult[]::new);
      rows.addAll(Arrays.asList(results));
      done += test.size();
      progress.advanced("metrics", done, total);
      double swap = swapAccuracy(firstOfSign, motions, truths);
      done += firstOfSign.size();
      progress.advanced("metrics", done, total);
      double generatedMotion = 0;
      double realMotion = 0;
      for (SequenceResult r : results) {
        generatedMotion += r.displacement();
        realMotion += r.groundTruthDisplacement();
      }
      systems.add(new SystemResult(system, mean(results, SequenceResult::dtwMje),
          mean(results, SequenceResult::normalizedDtwMje), mean(results, SequenceResult::maskedMse),
          realMotion == 0 ? Double.NaN : generatedMotion / realMotion, swap));
    }
    List<Example> examples = new ArrayList<>();
    for (int i : firstOfSign.subList(0, Math.min(options.examples(), firstOfSign.size()))) {
      examples.add(new Example(test.get(i).id(), test.get(i).fsw(), generated.get(DIFFUSION).get(i),
          truths.get(i)));
    }
    Set<String> trainSigns = new HashSet<>();
    data.train().forEach(l -> trainSigns.add(l.signId()));
    int trainingSignsEvaluated = 0;
    for (int i : firstOfSign) {
      trainingSignsEvaluated += trainSigns.contains(test.get(i).signId()) ? 1 : 0;
    }
    return new Report(systems, rows, lengthError / test.size(), guidance, test.size(), firstOfSign.size(),
        data.train().size(), trainingSignsEvaluated, examples, options.firstFrames());
  }

  /** The first {@code frames} frames of a pose (all of a shorter one). */
  private static Pose firstFrames(Pose pose, int frames) {
    return new Pose(pose.header(), pose.body().sliceFrames(0, Math.min(frames, pose.body().frames())));
  }

  private static void requireLayout(DiffusionSampler sampler, int points, int dims) {
    if (sampler.config().model().points() != points || sampler.config().model().dims() != dims) {
      throw new IllegalArgumentException("the model generates " + sampler.config().model().points() + " points x "
          + sampler.config().model().dims() + " dims, the evaluated poses have " + points + " x " + dims);
    }
  }

  private static SequenceResult sequenceResult(Labeled sample, String system, Pose motion, Pose truth) {
    PoseBody m = motion.body();
    PoseBody t = truth.body();
    double dtw = MotionMetrics.dtwMeanJointError(m.data(), m.confidence(), t.data(), t.confidence(), t.points(),
        t.dims());
    double normalized;
    try {
      normalized = MotionMetrics.normalizedDtwMeanJointError(motion, truth);
    } catch (IllegalArgumentException noShoulders) {
      normalized = Double.NaN; // a pose whose shoulders are never detected cannot be normalized
    }
    double mse = MotionMetrics.maskedMse(m.data(), t.data(), t.confidence(), t.points(), t.dims());
    return new SequenceResult(sample.id(), sample.signId(), system, t.frames(), dtw, normalized, mse,
        MotionMetrics.meanDisplacement(m.data(), t.confidence(), t.points(), t.dims()),
        MotionMetrics.meanDisplacement(t.data(), t.confidence(), t.points(), t.dims()));
  }

  /**
   * For each pair of held-out signs (s, o), whether s's generated motion is closer to s's ground truth than to
   * o's; ties count half. One sequence per sign (its first).
   */
  static double swapAccuracy(List<Integer> signs, List<Pose> motions, List<Pose> truths) {
    int n = signs.size();
    if (n < 2) {
      return Double.NaN;
    }
    double[][] distance = new double[n][n];
    IntStream.range(0, n * n).parallel().forEach(k -> {
      int s = k / n;
      int o = k % n;
      PoseBody m = motions.get(signs.get(s)).body();
      PoseBody t = truths.get(signs.get(o)).body();
      // Per frame of the longer sequence: the summed DTW-MJE would favour whichever ground truth is shorter.
      distance[s][o] = MotionMetrics.dtwMeanJointError(m.data(), m.confidence(), t.data(), t.confidence(),
          t.points(), t.dims()) / Math.max(m.frames(), t.frames());
    });
    double wins = 0;
    for (int s = 0; s < n; s++) {
      for (int o = 0; o < n; o++) {
        if (o != s) {
          wins += distance[s][s] < distance[s][o] ? 1 : distance[s][s] == distance[s][o] ? 0.5 : 0;
        }
      }
    }
    return wins / (n * (n - 1.0));
  }

  private static List<Integer> firstOfEachSign(List<Labeled> test) {
    List<Integer> first = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < test.size(); i++) {
      if (seen.add(test.get(i).signId())) {
        first.add(i);
      }
    }
    return first;
  }

  /**
   * The training sequence whose sign's embedding is the most similar (cosine) to the evaluated sequence's sign's,
   * among the training sequences of other signs (leave-one-sign-out); ties by id.
   */
  static Labeled nearest(EvaluationData data, Labeled evaluated) {
    float[] embedding = data.embeddings().get(evaluated.signId());
    Labeled best = null;
    double bestSimilarity = Double.NEGATIVE_INFINITY;
    for (Labeled candidate : data.train()) {
      if (candidate.signId().equals(evaluated.signId())) {
        continue;
      }
      double similarity = cosine(embedding, data.embeddings().get(candidate.signId()));
      if (similarity > bestSimilarity
          || similarity == bestSimilarity && candidate.id().compareTo(best.id()) < 0) {
        best = candidate;
        bestSimilarity = similarity;
      }
    }
    return best;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** {@code frames} frames of the statistics' mean pose. */
  static float[] meanPose(PoseStatistics statistics, int frames) {
    float[] mean = statistics.meanFrame();
    float[] motion = new float[frames * mean.length];
    for (int f = 0; f < frames; f++) {
      System.arraycopy(mean, 0, motion, f * mean.length, mean.length);
    }
    return motion;
  }

  /** Linear resampling in time of {@code frames} frames of {@code size} values to {@code target} frames. */
  static float[] resample(float[] values, int frames, int target, int size) {
    float[] out = new float[target * size];
    for (int f = 0; f < target; f++) {
      double at = target == 1 ? 0 : (double) f * (frames - 1) / (target - 1);
      int lo = (int) Math.floor(at);
      int hi = Math.min(frames - 1, lo + 1);
      double w = at - lo;
      for (int i = 0; i < size; i++) {
        out[f * size + i] = (float) ((1 - w) * values[lo * size + i] + w * values[hi * size + i]);
      }
    }
    return out;
  }

  /**
   * A motion as a one-person pose of the header's layout with the hands moved back onto the wrists; a null
   * confidence means every point is real. Resampled confidences count as real when they are positive.
   */
  static Pose absolute(PoseHeader header, float[] motion, float[] confidence, int frames) {
    int points = header.totalPoints();
    float[] mask = new float[frames * points];
    if (confidence == null) {
      Arrays.fill(mask, 1);
    } else {
      for (int i = 0; i < mask.length; i++) {
        mask[i] = confidence[i] > 0 ? 1 : 0;
      }
    }
    Pose shifted = new Pose(header, new PoseBody(25, frames, 1, points, header.dims(), motion.clone(), mask));
    return HandShift.unshift(shifted);
  }

  private static double mean(SequenceResult[] results, java.util.function.ToDoubleFunction<SequenceResult> f) {
    return Arrays.stream(results).mapToDouble(f).filter(Double::isFinite).average().orElse(Double.NaN);
  }
}
