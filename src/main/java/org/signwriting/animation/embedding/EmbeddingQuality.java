package org.signwriting.animation.embedding;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.signwriting.animation.embedding.SignCorpus.DistinctSign;
import org.signwriting.animation.signwriting.SignSymbol;

/**
 * Measures whether an embedding captures what signs say, on signs never trained on, side by side with
 * plain pixel baselines in the same run:
 *
 * <ul>
 *   <li>recall@1: each sign is rendered once plainly and once with a {@link #JITTER harmless change}; the
 *       jittered render's nearest plain render (cosine similarity) among all held-out signs must be its
 *       own;
 *   <li>linear probe: logistic regressions fitted on plain renders of the list's other signs (those
 *       training may have seen) read symbol presence (ISWA groups; exact base symbols common enough among
 *       the held-out signs) from the jittered renders of the held-out signs; scored by mean ROC AUC.
 * </ul>
 */
public final class EmbeddingQuality {
  /** The evaluation's rendering change: ±4 % of the image (±9 px) of shift, ±10 % scale, line width. */
  public static final RenderJitter JITTER = new RenderJitter(0.04, 0.10, 0.3, 0.3);
  /** Side of the downsampled pixel baselines. */
  static final int BASELINE_SIZE = 32;
  /** A base symbol is probed when at least this many held-out signs use it. */
  static final int MIN_SIGNS_PER_PROBED_SYMBOL = 8;
  private static final int BATCH = 64;
  /** How many times {@code evaluate} reports a finished phase: the renders, then each representation. */
  public static final int PHASES = 4;

  private EmbeddingQuality() {}

  /** The figures of one representation. */
  public record Result(String method, int dimensions, double recallAt1, double groupProbeAuc,
      double symbolProbeAuc) {}

  /** The figures of all representations, and what they were measured on. */
  public record Report(int signs, int probeTrainSigns, int probeTestSigns, int probedGroups,
      int probedSymbols, List<Result> results) {}

  /** Evaluates the embedder and the pixel baselines on the given held-out signs. */
  public static Report evaluate(SignEmbedder embedder, List<DistinctSign> heldOut,
      List<DistinctSign> probeTraining, SignImageSource images, EncoderInput crop, long seed,
      Runnable phaseDone) {
    if (heldOut.size() < 4) {
      throw new IllegalArgumentException("quality needs at least 4 held-out signs, got " + heldOut.size());
    }
    if (probeTraining.size() < 4) {
      throw new IllegalArgumentException(
          "the linear probe needs at least 4 signs outside the hold-out, got " + probeTraining.size());
    }
    List<InkImage> plain = inks(heldOut, images);
    List<InkImage> jittered = new ArrayList<>(plain.size());
    for (int i = 0; i < plain.size(); i++) {
      jittered.add(JITTER.apply(plain.get(i), new Random(EmbeddingTrainer.mix(seed, i, 0, 0))));
    }
    List<InkImage> probePlain = inks(probeTraining, images);
    phaseDone.run();

    List<Integer> probedBases = commonBases(heldOut);
    Labels test = new Labels(heldOut, probedBases);
    Labels train = new Labels(probeTraining, probedBases);
    List<Result> results = new ArrayList<>();
    results.add(measure(embedder.describe(), embedded(embedder, plain), embedded(embedder, jittered),
        embedded(embedder, probePlain), train, test));
    phaseDone.run();
    Function<InkImage, float[]> wholeImage =
        ink -> ink.crop(0, 0, ink.imageWidth(), BASELINE_SIZE);
    results.add(measure("pixels of the whole image, " + BASELINE_SIZE + "×" + BASELINE_SIZE,
        pixels(plain, wholeImage), pixels(jittered, wholeImage), pixels(probePlain, wholeImage), train, test));
    phaseDone.run();
    EncoderInput baselineCrop = crop.resized(BASELINE_SIZE);
    results.add(measure("pixels of the encoder's ink crop, " + BASELINE_SIZE + "×" + BASELINE_SIZE,
        pixels(plain, baselineCrop::pixels), pixels(jittered, baselineCrop::pixels),
        pixels(probePlain, baselineCrop::pixels), train, test));
    phaseDone.run();
    return new Report(heldOut.size(), probeTraining.size(), heldOut.size(), SymbolLabels.GROUPS,
        probedBases.size(), results);
  }

  /** Probe targets of some signs: ISWA group presence, and presence of the probed base symbols. */
  private record Labels(float[][] groups, float[][] symbols) {
    Labels(List<DistinctSign> signs, List<Integer> bases) {
      this(signs.stream()
              .map(s -> java.util.Arrays.copyOf(SymbolLabels.of(s.sign()), SymbolLabels.GROUPS))
              .toArray(float[][]::new),
          signs.stream().map(s -> basePresence(s, bases)).toArray(float[][]::new));
    }
  }

  private static Result measure(String method, float[][] plain, float[][] jittered, float[][] probePlain,
      Labels train, Labels test) {
    return new Result(method, plain[0].length, recallAt1(plain, jittered),
        probeAuc(probePlain, train.groups(), jittered, test.groups()),
        probeAuc(probePlain, train.symbols(), jittered, test.symbols()));
  }

  /** Share of queries whose most similar reference (cosine) is the one at the same index. */
  public static double recallAt1(float[][] references, float[][] queries) {
    float[][] unitReferences = unit(references);
    float[][] unitQueries = unit(queries);
    int hits = 0;
    for (int q = 0; q < unitQueries.length; q++) {
      int best = -1;
      double bestSimilarity = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < unitReferences.length; r++) {
        double similarity = 0;
        for (int k = 0; k < unitQueries[q].length; k++) {
          similarity += unitQueries[q][k] * unitReferences[r][k];
        }
        if (similarity > bestSimilarity) {
          bestSimilarity = similarity;
          best = r;
        }
      }
      hits += best == q ? 1 : 0;
    }
    return hits / (double) unitQueries.length;
  }

  /** Fits on the training features, scores on the test features: mean ROC AUC. */
  private static double probeAuc(float[][] trainFeatures, float[][] trainLabels, float[][] testFeatures,
      float[][] testLabels) {
    if (testLabels[0].length == 0) {
      return Double.NaN;
    }
    LinearProbe probe = LinearProbe.fit(trainFeatures, trainLabels);
    return LinearProbe.meanAuc(probe.scores(testFeatures), testLabels);
  }

  /** The base symbols used by at least {@link #MIN_SIGNS_PER_PROBED_SYMBOL} of the signs. */
  private static List<Integer> commonBases(List<DistinctSign> signs) {
    Map<Integer, Integer> signsPerBase = new TreeMap<>();
    for (DistinctSign sign : signs) {
      new TreeSet<>(sign.sign().symbols().stream().map(SignSymbol::base).toList())
          .forEach(base -> signsPerBase.merge(base, 1, Integer::sum));
    }
    return signsPerBase.entrySet().stream()
        .filter(e -> e.getValue() >= MIN_SIGNS_PER_PROBED_SYMBOL)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static float[] basePresence(DistinctSign sign, List<Integer> bases) {
    float[] presence = new float[bases.size()];
    for (SignSymbol symbol : sign.sign().symbols()) {
      int column = bases.indexOf(symbol.base());
      if (column >= 0) {
        presence[column] = 1;
      }
    }
    return presence;
  }

  private static List<InkImage> inks(List<DistinctSign> signs, SignImageSource images) {
    return signs.parallelStream().map(s -> InkImage.of(images.modelInputImage(s.sign()))).toList();
  }

  private static float[][] embedded(SignEmbedder embedder, List<InkImage> inks) {
    float[][] out = new float[inks.size()][];
    for (int start = 0; start < inks.size(); start += BATCH) {
      List<BufferedImage> batch = inks.subList(start, Math.min(inks.size(), start + BATCH)).stream()
          .map(InkImage::toImage)
          .toList();
      float[][] rows = embedder.embed(batch);
      System.arraycopy(rows, 0, out, start, rows.length);
    }
    return out;
  }

  private static float[][] pixels(List<InkImage> inks, Function<InkImage, float[]> features) {
    return inks.parallelStream().map(features).toArray(float[][]::new);
  }

  private static float[][] unit(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double norm = 0;
      for (float v : rows[i]) {
        norm += v * v;
      }
      double inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      out[i] = new float[rows[i].length];
      for (int k = 0; k < rows[i].length; k++) {
        out[i][k] = (float) (rows[i][k] * inverse);
      }
    }
    return out;
  }
}
