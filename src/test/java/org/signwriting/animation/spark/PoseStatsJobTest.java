package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.testing.LocalSpark;

class PoseStatsJobTest {
  private static final List<String> COMPONENTS = List.of("BODY", "BODY", "HAND", "HAND");
  private static final List<String> NAMES = List.of("NOSE", "NECK", "WRIST", "THUMB");

  @TempDir Path dir;

  private static Row pose(String id, String split, int frames, List<String> components, List<String> names,
      float[] data, float[] confidence) {
    return RowFactory.create(id, id + ".pose", "sgg", null, null, 25f, frames, 1, names.size(), 2,
        components, names, PreparedPoses.bytes(data), PreparedPoses.bytes(confidence), null, null, null, split);
  }

  @Test
  void statisticsOfTheTrainSplitIgnoreMasksOtherSplitsAndOtherLayouts() throws IOException {
    SparkSession spark = LocalSpark.session();
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    // Expected values, by brute force over the unmasked train values: values[point][dim] lists.
    List<List<List<Double>>> values = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      values.add(List.of(new ArrayList<>(), new ArrayList<>()));
    }
    for (int sequence = 0; sequence < 5; sequence++) {
      int frames = 3 + sequence;
      float[] data = new float[frames * 4 * 2];
      float[] confidence = new float[frames * 4];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (random.nextGaussian() + (i % 8));
      }
      for (int i = 0; i < confidence.length; i++) {
        // The thumb (point 3) is masked in every frame of every sequence.
        confidence[i] = (i % 4 == 3 || random.nextInt(5) == 0) ? 0f : 0.9f;
      }
      for (int f = 0; f < frames; f++) {
        for (int p = 0; p < 4; p++) {
          if (confidence[f * 4 + p] != 0) {
            for (int d = 0; d < 2; d++) {
              values.get(p).get(d).add((double) data[(f * 4 + p) * 2 + d]);
            }
          }
        }
      }
      rows.add(pose("train-" + sequence, "train", frames, COMPONENTS, NAMES, data, confidence));
    }
    float[] huge = new float[4 * 2];
    java.util.Arrays.fill(huge, 1e6f);
    float[] ones = new float[4];
    java.util.Arrays.fill(ones, 1f);
    rows.add(pose("dev-0", "dev", 1, COMPONENTS, NAMES, huge, ones));
    rows.add(pose("other-layout", "train", 1, List.of("BODY", "BODY"), List.of("NOSE", "NECK"),
        new float[] {1e6f, 1e6f, 1e6f, 1e6f}, new float[] {1, 1}));
    Path input = dir.resolve("prepared");
    spark.createDataFrame(rows, PreparePosesJob.SCHEMA).repartition(3)
        .write().partitionBy(PreparedPoses.SPLIT).parquet(input.toString());

    Path output = dir.resolve("stats");
    JobSummary summary = PoseStatsJob.run(spark, input.toString(), "train", output.toString());

    assertEquals(6, summary.read());
    assertEquals(8, summary.written());
    assertEquals(Map.of("unsupported pose layout", 1L), summary.rejectedByKind());
    List<Row> stats = spark.read().parquet(output.resolve("stats").toString()).orderBy("point", "dim").collectAsList();
    assertEquals(8, stats.size());
    for (int p = 0; p < 3; p++) {
      for (int d = 0; d < 2; d++) {
        List<Double> v = values.get(p).get(d);
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / v.size();
        Row row = stats.get(p * 2 + d);
        assertEquals(NAMES.get(p), row.getAs("name"));
        assertEquals(COMPONENTS.get(p), row.getAs("component"));
        assertEquals(mean, row.<Double>getAs("mean"), 1e-9);
        assertEquals(Math.sqrt(variance), row.<Double>getAs("std"), 1e-9);
        assertEquals(v.size(), row.<Long>getAs("count"));
      }
    }
    assertEquals(0L, stats.get(6).<Long>getAs("count"));
    assertTrue(Double.isNaN(stats.get(6).<Double>getAs("mean")));

    JsonObject json = JsonParser.parseString(Files.readString(output.resolve(PoseStatsJob.JSON_FILE)))
        .getAsJsonObject();
    assertEquals(List.of("BODY", "HAND"), new ArrayList<>(json.keySet()));
    JsonObject wrist = json.getAsJsonObject("HAND").getAsJsonObject("WRIST");
    assertEquals(stats.get(4).<Double>getAs("mean"), wrist.getAsJsonArray("mean").get(0).getAsDouble(), 0);
    assertEquals(stats.get(5).<Double>getAs("std"), wrist.getAsJsonArray("std").get(1).getAsDouble(), 0);
    assertTrue(json.getAsJsonObject("HAND").getAsJsonObject("THUMB").getAsJsonArray("mean").get(0).isJsonNull());

    List<Row> rejected = spark.read().parquet(output.resolve("_rejected").toString()).collectAsList();
    assertEquals(1, rejected.size());
    assertEquals("other-layout", rejected.get(0).getAs("input"));
    assertTrue(rejected.get(0).<String>getAs("reason").contains("has 2 points x 2 dims"));
    assertTrue(Files.exists(output.resolve(AtomicOutput.MARKER)));

    // A failing re-run (no such split) leaves the previous output as it was, and no staging folder.
    String before = Files.readString(output.resolve(PoseStatsJob.JSON_FILE));
    IOException e = assertThrows(IOException.class,
        () -> PoseStatsJob.run(spark, input.toString(), "test", output.toString()));
    assertTrue(e.getMessage().contains("no rows in split 'test'"), e.getMessage());
    assertEquals(before, Files.readString(output.resolve(PoseStatsJob.JSON_FILE)));
    try (var listing = Files.list(dir)) {
      assertFalse(listing.anyMatch(p -> p.getFileName().toString().contains(".staging-")), "staging folder left");
    }
  }
}
