package org.signwriting.animation.evaluation;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.signwriting.animation.util.AtomicFiles;
import org.signwriting.animation.evaluation.MotionEvaluation.Report;
import org.signwriting.animation.evaluation.MotionEvaluation.SequenceResult;
import org.signwriting.animation.evaluation.MotionEvaluation.SystemResult;

/**
 * An evaluation written out: {@code report.md} (the table, the targets, what the figures mean),
 * {@code report.csv} (a row per system), {@code sequences.csv} (a row per system and sequence) and
 * {@code report.png} (the figures as bar charts).
 */
public final class EvaluationReport {
  public static final String MARKDOWN = "report.md";
  public static final String CSV = "report.csv";
  public static final String SEQUENCES_CSV = "sequences.csv";
  public static final String PLOT = "report.png";

  /** The targets of a model that follows its signs (issue 10). */
  public record Target(String description, boolean met) {}

  private EvaluationReport() {}

  /** Whether the report meets each target. */
  public static List<Target> targets(Report report) {
    SystemResult model = report.system(MotionEvaluation.DIFFUSION);
    SystemResult mean = report.system(MotionEvaluation.MEAN_POSE);
    SystemResult retrieval = report.system(MotionEvaluation.RETRIEVAL);
    return List.of(
        new Target(String.format(Locale.ROOT, "DTW-MJE at most half the mean pose's (%.3f <= %.3f)",
            model.dtwMje(), mean.dtwMje() / 2), model.dtwMje() <= mean.dtwMje() / 2),
        new Target(String.format(Locale.ROOT, "DTW-MJE below retrieval's (%.3f < %.3f)", model.dtwMje(),
            retrieval.dtwMje()), model.dtwMje() < retrieval.dtwMje()),
        new Target(String.format(Locale.ROOT, "condition-swap accuracy at least 0.9 (%.3f)", model.swapAccuracy()),
            model.swapAccuracy() >= 0.9),
        new Target(String.format(Locale.ROOT, "displacement ratio within 0.8-1.25 (%.3f)",
            model.displacementRatio()), model.displacementRatio() >= 0.8 && model.displacementRatio() <= 1.25));
  }

  /**
   * Writes the four files into {@code folder} (created if needed).
   *
   * @param description lines about what was evaluated (model folder, data, split), for the markdown
   */
  public static void write(Report report, Path folder, List<String> description) throws IOException {
    Files.createDirectories(folder);
    AtomicFiles.write(folder.resolve(CSV), out -> {
      PrintWriter w = writer(out);
      w.println("system,dtw_mje,normalized_dtw_mje,masked_mse,displacement_ratio,swap_accuracy,sequences,signs");
      for (SystemResult s : report.systems()) {
        w.println(String.format(Locale.ROOT, "\"%s\",%.6g,%.6g,%.6g,%.6g,%.6g,%d,%d", s.system(), s.dtwMje(),
            s.normalizedDtwMje(), s.maskedMse(), s.displacementRatio(), s.swapAccuracy(), report.sequenceCount(),
            report.signCount()));
      }
      w.flush();
    });
    AtomicFiles.write(folder.resolve(SEQUENCES_CSV), out -> {
      PrintWriter w = writer(out);
      w.println("id,sign_id,system,frames,dtw_mje,normalized_dtw_mje,masked_mse,displacement,"
          + "ground_truth_displacement");
      for (SequenceResult r : report.sequences()) {
        w.println(String.format(Locale.ROOT, "%s,%s,\"%s\",%d,%.6g,%.6g,%.6g,%.6g,%.6g", r.id(), r.signId(),
            r.system(), r.frames(), r.dtwMje(), r.normalizedDtwMje(), r.maskedMse(), r.displacement(),
            r.groundTruthDisplacement()));
      }
      w.flush();
    });
    AtomicFiles.write(folder.resolve(MARKDOWN),
        out -> out.write(markdown(report, description).getBytes(StandardCharsets.UTF_8)));
    AtomicFiles.write(folder.resolve(PLOT), out -> BitmapEncoder.saveBitmap(List.of(
        chart(report, "DTW-MJE (lower is better)", "shoulder widths, summed along the alignment",
            List.of("DTW-MJE", "normalized DTW-MJE"),
            List.of(SystemResult::dtwMje, SystemResult::normalizedDtwMje)),
        chart(report, "Following the sign", "",
            List.of("condition-swap accuracy (1 is best)", "displacement ratio (1 is best)"),
            List.of(SystemResult::swapAccuracy, SystemResult::displacementRatio))),
        1, 2, out, BitmapEncoder.BitmapFormat.PNG));
  }

  /** The report as markdown. */
  public static String markdown(Report report, List<String> description) {
    StringBuilder md = new StringBuilder("# Evaluation\n\n");
    description.forEach(line -> md.append(line).append('\n'));
    md.append(String.format(Locale.ROOT, "%n%d evaluated sequences of %d signs%s; guidance %.2f.%n%n",
        report.sequenceCount(), report.signCount(), report.firstFrames() == 0 ? ""
            : ", only their first " + report.firstFrames() + " frames scored (every system animated the whole sign)",
        report.guidance()));
    md.append(retrievalRule(report)).append("\n\n");
    md.append("| system | DTW-MJE | normalized DTW-MJE | masked MSE | displacement ratio | swap accuracy |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (SystemResult s : report.systems()) {
      md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.4f | %.3f | %.3f |%n", s.system(), s.dtwMje(),
          s.normalizedDtwMje(), s.maskedMse(), s.displacementRatio(), s.swapAccuracy()));
    }
    md.append(String.format(Locale.ROOT, "%nLength head: mean absolute error %.1f frames.%n%n", report.lengthError()));
    md.append("Targets:\n\n");
    for (Target t : targets(report)) {
      md.append("- ").append(t.met() ? "met" : "**not met**").append(": ").append(t.description()).append('\n');
    }
    md.append("""

        Definitions (poses in the prepared units: shoulder widths, hands back on the wrists; every system makes
        the ground truth's number of frames):

        - **DTW-MJE**: pose-evaluation's DTW-MJE: per point, dynamic time warping of its trajectory against the
          ground truth's, frame cost the Euclidean distance (0 where either side is masked), the best
          alignment's summed cost; the mean over the points. Exact DTW (pose-evaluation approximates it with
          fastdtw).
        - **normalized DTW-MJE**: the same after pose-evaluation's NormalizePosesProcessor, each pose
          shoulder-normalized on its own.
        - **masked MSE**: mean squared coordinate error frame by frame over the ground truth's real points.
        - **displacement ratio**: movement per frame over the ground truth's (sums over the sequences); near 0
          the motion collapsed to a still pose.
        - **swap accuracy**: for every ordered pair of evaluated signs (s, o), whether s's generated motion is
          closer (DTW-MJE) to s's ground truth than to o's; ties count half; one sequence per sign.
        - Systems: **diffusion** (the model, conditioned on the sign); **unconditional** (the same model without
          the sign, guidance off); **mean pose** (the training mean pose, still); **retrieval** (the training
          motion of the training sign nearest by embedding, never the evaluated sign itself, resampled to the
          ground truth's length);
          **rule-based** (generate-synthetic's signer animating the sign by rule, the average signer, resampled
          to the ground truth's length; on a synthetic corpus it is the reference a model could reach, its error
          the signers' variation).
        """);
    return md.toString();
  }

  /** Which retrieval rule applied, and what the figures measure when the evaluated signs are training signs. */
  static String retrievalRule(Report report) {
    int own = report.trainingSignsEvaluated();
    if (own == 0) {
      return String.format(Locale.ROOT, "Retrieval draws from all %d training sequences: no evaluated sign is a "
          + "training sign (held out), so leaving the evaluated sign out (leave-one-sign-out) removes nothing.",
          report.trainCount());
    }
    String rule = String.format(Locale.ROOT, "Retrieval draws from the %d training sequences leaving out the "
        + "evaluated sign's own (leave-one-sign-out, by sign id): %d of the %d evaluated signs are training signs "
        + "and their own motions are never retrieved.", report.trainCount(), own, report.signCount());
    return own < report.signCount() ? rule : rule + " The evaluated signs are all training signs: the figures "
        + "measure how well the model fits the signs it trained on, not how it animates unseen ones.";
  }

  private static CategoryChart chart(Report report, String title, String yTitle, List<String> series,
      List<ToDoubleFunction<SystemResult>> values) {
    CategoryChart chart = new CategoryChartBuilder().width(720).height(460).title(title).yAxisTitle(yTitle)
        .build();
    chart.getStyler().setXAxisLabelRotation(15);
    List<String> names = new ArrayList<>();
    report.systems().forEach(s -> names.add(s.system().replaceAll(" \\(.*\\)", "")));
    for (int i = 0; i < series.size(); i++) {
      List<Double> ys = new ArrayList<>();
      for (SystemResult s : report.systems()) {
        double v = values.get(i).applyAsDouble(s);
        ys.add(Double.isFinite(v) ? v : 0.0);
      }
      chart.addSeries(series.get(i), names, ys);
    }
    return chart;
  }

  private static PrintWriter writer(java.io.OutputStream out) {
    return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }
}
