package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.synthetic.SyntheticCorpus;
import org.signwriting.animation.testing.LocalSpark;

class GenerateSyntheticJobTest {
  private static final String SHARED = "M518x529S14c20481x471S27106503x489"; // in train and test rows
  private static final String DEV = "M513x507S1ce20491x477";
  private static final String TRAIN = "M540x540S15a00480x480S22b00505x505";

  @TempDir Path dir;

  private Path csv() throws IOException {
    Path csv = dir.resolve("signs.csv");
    Files.writeString(csv, String.join("\n",
        "pose,videoLanguage,start,end,text,split",
        "a.pose,sgg,0,1000," + SignWriting.toSwu(SHARED) + ",train",
        "b.pose,sgg,0,1000," + SignWriting.toSwu(SHARED) + ",test",
        "c.pose,ase,,," + DEV + ",dev",
        "d.pose,sgg,,," + SignWriting.toSwu(TRAIN) + ",train",
        "e.pose,sgg,,,not SignWriting,train",
        "f.pose,sgg,,," + TRAIN + ",",
        ""));
    return csv;
  }

  private static Map<String, byte[]> files(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String name = folder.relativize(file).toString();
        if (!name.startsWith("_rejected") && !name.equals("_summary.json") && !name.endsWith(".crc")) {
          files.put(name, Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  @Test
  void aCorpusInSignDatasLayoutThatTheOtherJobsReadAndTheSameSeedRewritesByteForByte() throws IOException {
    SparkSession spark = LocalSpark.session();
    Path csv = csv();
    Path first = dir.resolve("corpus");
    JobSummary summary = GenerateSyntheticJob.run(spark,
        new GenerateSyntheticJob.Options(csv.toString(), first.toString(), 2, 3, Map.of()));
    assertEquals(6, summary.written(), "3 signs x 2 variations");
    assertEquals(Map.of("unparsable SignWriting", 1L, "malformed CSV row", 1L), summary.rejectedByKind());

    // Splits follow the CSV's; the sign of a test row is never in train.
    List<TranscriptionRow> rows = TranscriptionCsv.read(first.resolve(SyntheticCorpus.CSV_FILE));
    Map<String, Set<String>> splits = rows.stream().collect(Collectors.groupingBy(
        r -> SignWriting.toFsw(r.text()), Collectors.mapping(TranscriptionRow::split, Collectors.toSet())));
    assertEquals(Map.of(SHARED, Set.of("test"), DEV, Set.of("dev"), TRAIN, Set.of("train")), splits);
    for (TranscriptionRow row : rows) {
      assertTrue(row.pose().startsWith(SyntheticCorpus.POSE_PREFIX), row.pose());
      assertEquals(25f, PoseReader.read(first.resolve("poses").resolve(row.pose())).body().fps());
    }
    assertTrue(Files.readString(first.resolve(SyntheticCorpus.MARKER_FILE)).contains("\"synthetic\": true"));
    assertTrue(Files.readString(first.resolve(SyntheticCorpus.README_FILE)).contains("synthetic"));

    // Same input and seed: the same bytes, whatever the partitioning.
    Path second = dir.resolve("again");
    spark.conf().set("spark.default.parallelism", "1");
    GenerateSyntheticJob.run(spark, new GenerateSyntheticJob.Options(csv.toString(), second.toString(), 2, 3, Map.of()));
    Map<String, byte[]> a = files(first);
    Map<String, byte[]> b = files(second);
    assertEquals(a.keySet(), b.keySet());
    a.forEach((name, bytes) -> assertArrayEquals(bytes, b.get(name), name));

    // prepare-poses, render-signwriting and pose-stats read it as they read sign/data.
    Path prepared = dir.resolve("prepared");
    JobSummary prepare = PreparePosesJob.run(spark, new PreparePosesJob.Options(first.resolve("poses").toString(),
        first.resolve(SyntheticCorpus.CSV_FILE).toString(), prepared.toString(), false));
    assertEquals(6, prepare.written());
    assertEquals(0, prepare.rejected());
    Map<String, Long> bySplit = new HashMap<>();
    for (Row row : spark.read().schema(PreparePosesJob.SCHEMA).parquet(prepared.toString())
        .groupBy(PreparedPoses.SPLIT).count().collectAsList()) {
      bySplit.put(row.getString(0), row.getLong(1));
    }
    assertEquals(Map.of("train", 2L, "dev", 2L, "test", 2L), bySplit);
    assertEquals(3, RenderSignWritingJob.run(spark, new RenderSignWritingJob.Options(
        first.resolve(SyntheticCorpus.CSV_FILE).toString(), dir.resolve("signs").toString(), null)).written());
    assertTrue(PoseStatsJob.run(spark, prepared.toString(), "train", dir.resolve("stats").toString())
        .written() > 0);
  }

  @Test
  void signListsAreSplitByChecksumAndSelectionsKeepToTheirSplits() throws IOException {
    Path list = dir.resolve("signs.txt");
    Files.writeString(list, SHARED + "\n" + DEV + "\n" + TRAIN + "\n");
    SparkSession spark = LocalSpark.session();
    Path out = dir.resolve("from-list");
    GenerateSyntheticJob.run(spark, new GenerateSyntheticJob.Options(list.toString(), out.toString(), 1, 1, Map.of()));
    for (TranscriptionRow row : TranscriptionCsv.read(out.resolve(SyntheticCorpus.CSV_FILE))) {
      assertEquals(SyntheticCorpus.splitOf(SignWriting.toFsw(row.text())), row.split());
    }
    List<GenerateSyntheticJob.SignTask> tasks = List.of(task("c", "train"), task("a", "train"), task("b", "test"),
        task("d", "dev"));
    assertEquals(List.of("a", "b"), GenerateSyntheticJob.select(tasks, Map.of("train", 1, "test", 5)).stream()
        .map(GenerateSyntheticJob.SignTask::signId).toList());
    assertEquals("test", SyntheticCorpus.splitOf(List.of("train", "test", "dev")));
    assertEquals("dev", SyntheticCorpus.splitOf(List.of("train", "dev")));
  }

  private static GenerateSyntheticJob.SignTask task(String id, String split) {
    return new GenerateSyntheticJob.SignTask(id, SHARED, SHARED, split, "", List.of());
  }
}
