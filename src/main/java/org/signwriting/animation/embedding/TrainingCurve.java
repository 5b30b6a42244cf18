package org.signwriting.animation.embedding;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.signwriting.animation.embedding.EmbeddingTrainer.StepLoss;
import org.signwriting.animation.util.AtomicFiles;

/** The losses of a training run, as a CSV and as a PNG plot. */
public final class TrainingCurve {
  public static final String CSV_FILE = "embedding_training.csv";
  public static final String PNG_FILE = "embedding_training.png";

  private TrainingCurve() {}

  /** Writes both files into the model folder, each whole or not at all ({@link AtomicFiles}). */
  public static void write(List<StepLoss> losses, Path modelFolder) throws IOException {
    AtomicFiles.write(modelFolder.resolve(CSV_FILE), stream -> {
      Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
      out.write("step,epoch,loss,symbol_loss,contrastive_loss\n");
      for (StepLoss loss : losses) {
        out.write(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f%n", loss.step(), loss.epoch(),
            loss.total(), loss.symbol(), loss.contrastive()));
      }
      out.flush();
    });
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title("Embedding model training").xAxisTitle("step").yAxisTitle("loss (smoothed)").build();
    double[] steps = losses.stream().mapToDouble(StepLoss::step).toArray();
    if (steps.length == 0) {
      steps = new double[] {0};
    }
    addSeries(chart, "total", steps, losses.stream().mapToDouble(StepLoss::total).toArray());
    addSeries(chart, "symbols (BCE)", steps, losses.stream().mapToDouble(StepLoss::symbol).toArray());
    addSeries(chart, "contrastive (InfoNCE)", steps,
        losses.stream().mapToDouble(StepLoss::contrastive).toArray());
    AtomicFiles.write(modelFolder.resolve(PNG_FILE),
        out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }

  private static void addSeries(XYChart chart, String name, double[] steps, double[] values) {
    chart.addSeries(name, steps, smoothed(values.length == 0 ? new double[] {0} : values))
        .setMarker(SeriesMarkers.NONE);
  }

  /** Exponential moving average, so the trend shows through the batch-to-batch noise. */
  static double[] smoothed(double[] values) {
    double[] out = new double[values.length];
    double average = values[0];
    for (int i = 0; i < values.length; i++) {
      average = 0.9 * average + 0.1 * values[i];
      out[i] = i == 0 ? values[0] : average;
    }
    return out;
  }
}
