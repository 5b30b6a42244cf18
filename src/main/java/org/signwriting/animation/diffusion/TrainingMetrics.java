package org.signwriting.animation.diffusion;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.signwriting.animation.data.TrainingWindows.Batch;
import org.signwriting.animation.pose.PoseStatistics;

/** The training curve: one row per checkpoint, as {@code metrics.csv} and a {@code metrics.png} plot. */
public final class TrainingMetrics {
  private TrainingMetrics() {}

  static final String CSV_HEADER = "step,epoch,learning_rate,loss,mse,velocity,acceleration,length,"
      + "dev_mse,dev_dtw_mje,dev_displacement_ratio";

  /**
   * Means of the training loss terms since the previous row, and the dev metrics (NaN without dev data):
   * masked MSE of x0 in normalized units, DTW-MJE of sampled against real future windows in pose units,
   * and the displacement ratio (generated motion per frame over real motion per frame).
   */
  public record Row(int step, double epoch, double learningRate, double loss, double mse, double velocity,
      double acceleration, double length, double devMse, double devDtwMje, double devDisplacementRatio)
      implements java.io.Serializable {}

  /** Dev metrics of one validation. */
  public record Validation(double mse, double dtwMje, double displacementRatio) {

    /** Compares sampled normalized futures with the batch's real ones, in pose units. */
    static Validation of(double mse, float[] sampled, Batch batch, PoseStatistics statistics,
        DiffusionConfig.Model m) {
      int window = m.futureFrames() * m.frameSize();
      int maskWindow = m.futureFrames() * m.points();
      double dtw = 0;
      double generatedMotion = 0;
      double realMotion = 0;
      for (int b = 0; b < batch.size(); b++) {
        float[] generated = Arrays.copyOfRange(sampled, b * window, (b + 1) * window);
        float[] real = Arrays.copyOfRange(batch.future(), b * window, (b + 1) * window);
        float[] mask = Arrays.copyOfRange(batch.futureMask(), b * maskWindow, (b + 1) * maskWindow);
        statistics.denormalizeFrames(generated);
        statistics.denormalizeFrames(real);
        dtw += MotionMetrics.dtwMeanJointError(generated, mask, real, mask, m.points(), m.dims());
        generatedMotion += MotionMetrics.meanDisplacement(generated, mask, m.points(), m.dims());
        realMotion += MotionMetrics.meanDisplacement(real, mask, m.points(), m.dims());
      }
      return new Validation(mse, dtw / batch.size(), realMotion == 0 ? Double.NaN : generatedMotion / realMotion);
    }
  }

  /** Sums loss terms over the steps between two rows. */
  static final class Accumulator {
    private int count;
    private double loss;
    private double mse;
    private double velocity;
    private double acceleration;
    private double length;

    void add(double stepLoss, double stepMse, double stepVelocity, double stepAcceleration,
        double stepLength) {
      count++;
      loss += stepLoss;
      mse += stepMse;
      velocity += stepVelocity;
      acceleration += stepAcceleration;
      length += stepLength;
    }

    /** The sums and the count, to exchange with other workers: {@link #merge} adds them. */
    double[] toArray() {
      return new double[] {count, loss, mse, velocity, acceleration, length};
    }

    void merge(double[] other) {
      count += (int) other[0];
      loss += other[1];
      mse += other[2];
      velocity += other[3];
      acceleration += other[4];
      length += other[5];
    }

    Row row(int step, double epoch, double learningRate, Validation validation) {
      double n = Math.max(count, 1);
      return new Row(step, epoch, learningRate, loss / n, mse / n, velocity / n, acceleration / n, length / n,
          validation == null ? Double.NaN : validation.mse(),
          validation == null ? Double.NaN : validation.dtwMje(),
          validation == null ? Double.NaN : validation.displacementRatio());
    }
  }

  /** Rewrites the CSV and the plot from all rows, each atomically. */
  static void write(List<Row> rows, Path csv, Path plot) throws IOException {
    ModelFolder.writeAtomically(csv, out -> {
      PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      writer.println(CSV_HEADER);
      for (Row r : rows) {
        writer.println(String.format(Locale.ROOT, "%d,%.4f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g",
            r.step(), r.epoch(), r.learningRate(), r.loss(), r.mse(), r.velocity(), r.acceleration(),
            r.length(), r.devMse(), r.devDtwMje(), r.devDisplacementRatio()));
      }
      writer.flush();
    });
    XYChart losses = chart("Training loss", "loss (log)", true);
    addSeries(losses, rows, "train loss", Row::loss);
    addSeries(losses, rows, "train x0 MSE", Row::mse);
    addSeries(losses, rows, "dev x0 MSE", Row::devMse);
    XYChart motion = chart("Dev sampling", "value", false);
    addSeries(motion, rows, "DTW-MJE", Row::devDtwMje);
    addSeries(motion, rows, "displacement ratio (ideal 1)", Row::devDisplacementRatio);
    ModelFolder.writeAtomically(plot, out -> BitmapEncoder.saveBitmap(List.of(losses, motion), 1, 2, out,
        BitmapEncoder.BitmapFormat.PNG));
  }

  private static XYChart chart(String title, String yTitle, boolean logarithmic) {
    XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("step")
        .yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(logarithmic);
    chart.getStyler().setMarkerSize(4);
    return chart;
  }

  private static void addSeries(XYChart chart, List<Row> rows, String name, ToDoubleFunction<Row> value) {
    double[] x = rows.stream().filter(r -> positiveFinite(value.applyAsDouble(r))).mapToDouble(Row::step)
        .toArray();
    double[] y = rows.stream().mapToDouble(value).filter(TrainingMetrics::positiveFinite).toArray();
    if (x.length > 0) {
      chart.addSeries(name, x, y);
    }
  }

  private static boolean positiveFinite(double v) {
    return Double.isFinite(v) && v > 0;
  }
}
