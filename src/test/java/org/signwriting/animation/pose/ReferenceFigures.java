package org.signwriting.animation.pose;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Figures that pose-format (and pose-anonymization) computed on the shared pose files, kept as CSV test
 * resources: one row per file, only numbers and names, no code.
 */
final class ReferenceFigures {
  private ReferenceFigures() {}

  /** Rows of {@code pose-format-read-figures.csv} (header, shape, checksums, range reads). */
  static List<CSVRecord> read() {
    return load("pose-format-read-figures.csv");
  }

  /** Rows of {@code pose-format-preprocess-figures.csv} (the training pre-processing's output statistics). */
  static List<CSVRecord> preprocess() {
    return load("pose-format-preprocess-figures.csv");
  }

  /** Rows of {@code pose-anonymization-normalization-figures.csv} (mean/std normalization and its inverse). */
  static List<CSVRecord> normalization() {
    return load("pose-anonymization-normalization-figures.csv");
  }

  private static List<CSVRecord> load(String resource) {
    try (Reader reader = new InputStreamReader(
        ReferenceFigures.class.getResourceAsStream(resource), StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same checksums as the reference, over the values that are not NaN: sum, sum of magnitudes, sum weighted
   * by (index mod 97) + 1; and the number of NaN values.
   */
  static double[] checksums(float[] values) {
    double sum = 0;
    double abs = 0;
    double weighted = 0;
    int nan = 0;
    for (int i = 0; i < values.length; i++) {
      if (Float.isNaN(values[i])) {
        nan++;
        continue;
      }
      sum += values[i];
      abs += Math.abs(values[i]);
      weighted += (double) values[i] * (i % 97 + 1);
    }
    return new double[] {sum, abs, weighted, nan};
  }

  static double sum(float[] values) {
    return checksums(values)[0];
  }

  static void assertClose(double expected, double actual, double relative, String what) {
    double tolerance = relative * Math.max(1, Math.abs(expected));
    if (!(Math.abs(expected - actual) <= tolerance)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual);
    }
  }
}
