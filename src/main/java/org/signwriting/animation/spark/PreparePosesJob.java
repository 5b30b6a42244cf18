package org.signwriting.animation.spark;

import static org.apache.spark.sql.functions.col;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.data.BadRow;
import org.signwriting.animation.data.InputPaths;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.pose.Holistic;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseWriter;
import org.signwriting.animation.util.IoErrors;

/**
 * {@code prepare-poses}: the pose files and the transcription CSV into the Parquet table of
 * {@link PreparedPoses}, partitioned by split. The driver reads the CSV and lists the pose folder; the
 * executors read each row's time range of its pose file (only those frames), apply the training
 * pre-processing and join the transcription. Whatever cannot be used goes to {@code _rejected}.
 */
public final class PreparePosesJob {
  public static final String JOB = "prepare-poses";
  static final String PARTITION_BYTES = "spark.swa.partitionBytes";
  static final String MIN_PARTITIONS = "spark.swa.minPartitions";
  /** Parquet writers a task keeps open at once, one per split (train, dev, test, untranscribed). */
  private static final int MAX_SPLIT_WRITERS = 4;

  /**
   * @param poses the folder of {@code .pose} files
   * @param transcriptionCsv the transcription CSV, or null to write untranscribed poses only
   * @param output the output folder (replaced atomically)
   * @param includeUntranscribed also write the pose files no CSV row names, whole, in split
   *     {@value PreparedPoses#UNTRANSCRIBED_SPLIT}
   */
  public record Options(Path poses, Path transcriptionCsv, String output, boolean includeUntranscribed) {}

  /** The bean's properties as the table's columns, in the table's order. */
  private static final Column[] COLUMNS = Arrays.stream(PreparedPoses.SCHEMA.fieldNames())
      .map(name -> col(snakeToCamel(name)).as(name))
      .toArray(Column[]::new);

  private PreparePosesJob() {}

  private static String snakeToCamel(String name) {
    StringBuilder camel = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        camel.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return camel.toString();
  }

  public static JobSummary run(SparkSession spark, Options options) throws IOException {
    if (!Files.isDirectory(options.poses())) {
      throw new IOException(options.poses() + ": the pose folder does not exist or is not a folder");
    }
    try (JobRun run = new JobRun(spark, JOB, options.output(), options.poses().toString(),
        options.transcriptionCsv() == null ? null : options.transcriptionCsv().toString())) {
      List<PoseTask> tasks = tasks(options, run);
      long read = tasks.size() + run.allRejections().size();
      List<List<PoseTask>> batches = BalancedBatches.of(tasks, PoseTask::bytes,
          JobSession.bytesSetting(spark, PARTITION_BYTES, 16 << 20), JobSession.intSetting(spark, MIN_PARTITIONS, 4));
      PoseRowDecoder.Reports reports = new PoseRowDecoder.Reports(run.rejections(),
          spark.sparkContext().longAccumulator("read ns"), spark.sparkContext().longAccumulator("pre-process ns"));
      JavaRDD<PreparedPoseRow> rows = new JavaSparkContext(spark.sparkContext())
          .parallelize(batches, Math.max(1, batches.size()))
          .mapPartitions(partition -> PoseRowDecoder.rows(flatten(partition), reports));
      withoutSortBeforeWriting(spark, () -> spark.createDataset(rows.rdd(), Encoders.bean(PreparedPoseRow.class))
          .select(COLUMNS)
          .write()
          .mode(SaveMode.Append) // into the (empty) staging folder
          .partitionBy(PreparedPoses.SPLIT)
          // Pose values are nearly all distinct: a dictionary would be built and dropped for every page.
          .option("parquet.enable.dictionary#" + PreparedPoses.DATA, "false")
          .option("parquet.enable.dictionary#" + PreparedPoses.CONFIDENCE, "false")
          .parquet(run.output().staging().toString()));
      // Read back what was written (Parquet footers only), rather than trusting counters.
      long written = spark.read().schema(PreparedPoses.SCHEMA).parquet(run.output().staging().toString()).count();
      if (written > 0) {
        writePoseHeader(spark, run, tasks);
      }
      run.taskSeconds("reading pose files", reports.readNanos().value() / 1e9);
      run.taskSeconds("pre-processing", reports.preprocessNanos().value() / 1e9);
      return run.finish(read, written);
    }
  }

  /**
   * Runs a partitioned write with one open Parquet writer per split in each task, instead of Spark's default of
   * sorting the task's rows by split first: that sort copied every row (whole pose sequences) into memory pages
   * and held the task's whole output until its last row, so memory grew with the partition. There are at most
   * four splits, so the writers stay few; the session's settings are restored afterwards.
   */
  private static void withoutSortBeforeWriting(SparkSession spark, Runnable write) {
    Map<String, String> settings = Map.of(
        "spark.sql.optimizer.plannedWrite.enabled", "false",
        "spark.sql.maxConcurrentOutputFileWriters", String.valueOf(MAX_SPLIT_WRITERS));
    Map<String, String> previous = new HashMap<>();
    settings.forEach((key, value) -> {
      previous.put(key, spark.conf().get(key, null));
      spark.conf().set(key, value);
    });
    try {
      write.run();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          spark.conf().unset(key);
        } else {
          spark.conf().set(key, value);
        }
      });
    }
  }

  /**
   * {@value PreparedPoses#HEADER_FILE}: the header of a written row's pose file (a train row's if any), reduced as the rows are, with
   * that file's fps and no frames. Only the header and one frame of the file are read.
   */
  private static void writePoseHeader(SparkSession spark, JobRun run, List<PoseTask> tasks) throws IOException {
    String pose = spark.read().schema(PreparedPoses.SCHEMA).parquet(run.output().staging().toString())
        .orderBy(col(PreparedPoses.SPLIT).notEqual("train"), col(PreparedPoses.POSE)).select(PreparedPoses.POSE)
        .first().getString(0);
    PoseTask task = tasks.stream().filter(t -> t.pose().equals(pose)).findFirst().orElseThrow();
    Pose reduced = Holistic.reduce(PoseReader.read(Path.of(task.file()), FrameRange.frames(0, 1)));
    PoseHeader header = reduced.header();
    Pose headerOnly = new Pose(header, new PoseBody(reduced.body().fps(), 0, 1, header.totalPoints(),
        header.dims(), new float[0], new float[0]));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PoseWriter.write(headerOnly, bytes);
    run.output().writeBytes(PreparedPoses.HEADER_FILE, bytes.toByteArray());
  }

  private static java.util.Iterator<PoseTask> flatten(java.util.Iterator<List<PoseTask>> batches) {
    return new java.util.Iterator<>() {
      private java.util.Iterator<PoseTask> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && batches.hasNext()) {
          current = batches.next().iterator();
        }
        return current.hasNext();
      }

      @Override
      public PoseTask next() {
        hasNext();
        return current.next();
      }
    };
  }

  /**
   * The driver's part: CSV rows and pose files into tasks. What the driver can tell is rejected here, before ids
   * are claimed: malformed rows, pose paths outside the pose folder, unparsable SignWriting, unreadable
   * subfolders. Of the rows left, the first (by line) with an id is its row and later ones are duplicates, so a
   * rejected row never costs a good row its id, whatever their order.
   */
  static List<PoseTask> tasks(Options options, JobRun run) throws IOException {
    PoseFolder folder = poseFiles(options.poses());
    folder.unreadableFolders().forEach(run::reject);
    Map<String, Path> files = folder.files();
    List<PoseTask> tasks = new ArrayList<>();
    Set<String> transcribed = new HashSet<>();
    if (options.transcriptionCsv() != null) {
      TranscriptionCsv.Result csv = TranscriptionCsv.readCollectingBadRows(options.transcriptionCsv());
      String csvName = options.transcriptionCsv().getFileName().toString();
      for (BadRow bad : csv.badRows()) {
        run.reject(Rejection.of(csvName, bad));
      }
      Map<String, Long> lineById = new HashMap<>();
      for (TranscriptionRow row : csv.rows()) {
        String input = csvName + ":" + row.line();
        transcribed.add(row.pose());
        SignWritingColumns signWriting;
        try {
          signWriting = SignWritingColumns.of(row.text());
        } catch (IllegalArgumentException e) {
          run.reject(new Rejection(input, Rejection.Kind.UNPARSABLE_SIGNWRITING, e.getMessage()));
          continue;
        }
        Path file = files.get(row.pose());
        try {
          file = file != null ? file : InputPaths.resolve(options.poses(), row.pose(), TranscriptionCsv.POSE_FOLDER);
        } catch (InputPaths.OutsideRootException e) {
          run.reject(new Rejection(input, Rejection.Kind.POSE_OUTSIDE_FOLDER, e.getMessage()));
          continue;
        }
        String id = id(row);
        Long first = lineById.putIfAbsent(id, row.line());
        if (first != null) {
          run.reject(new Rejection(input, Rejection.Kind.DUPLICATE_CSV_ROW,
              "line " + row.line() + " names the same pose and times as line " + first + " (id " + id + ")"));
          continue;
        }
        tasks.add(new PoseTask(id, input, row.pose(), file.toAbsolutePath().toString(), size(file),
            row.startMs(), row.endMs(), row.split(), blankToNull(row.videoLanguage()), signWriting));
      }
    }
    if (options.includeUntranscribed() || options.transcriptionCsv() == null) {
      folder.outside().forEach((name, rejection) -> {
        if (!transcribed.contains(name)) {
          run.reject(rejection);
        }
      });
      for (Map.Entry<String, Path> file : files.entrySet()) {
        if (!transcribed.contains(file.getKey())) {
          tasks.add(new PoseTask(stem(file.getKey()), file.getKey(), file.getKey(),
              file.getValue().toAbsolutePath().toString(), size(file.getValue()), null, null,
              PreparedPoses.UNTRANSCRIBED_SPLIT, null, null));
        }
      }
    }
    return tasks;
  }

  /**
   * The {@code .pose} files under a folder, by their path relative to it (with {@code /}); the rejections of the
   * files that lead outside it (symbolic links), by name; and those of the subfolders that cannot be read.
   */
  record PoseFolder(Map<String, Path> files, Map<String, Rejection> outside, List<Rejection> unreadableFolders) {}

  static PoseFolder poseFiles(Path folder) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    Map<String, Rejection> outside = new TreeMap<>();
    List<Rejection> unreadable = new ArrayList<>();
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        String name = relativeName(folder, file);
        if (name.endsWith(".pose") && !attributes.isDirectory()) {
          try {
            // A link is listed as itself (links to folders are not walked into); where it leads is checked here.
            files.put(name, attributes.isSymbolicLink()
                ? InputPaths.resolve(folder, name, TranscriptionCsv.POSE_FOLDER) : file);
          } catch (InputPaths.OutsideRootException e) {
            outside.put(name, new Rejection(name, Rejection.Kind.POSE_OUTSIDE_FOLDER, e.getMessage()));
          } catch (IOException e) {
            files.put(name, file); // reading it will say what is wrong
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (file.equals(folder)) {
          throw e;
        }
        unreadable.add(unreadableFolder(relativeName(folder, file), e));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          if (dir.equals(folder)) {
            throw e;
          }
          unreadable.add(unreadableFolder(relativeName(folder, dir), e));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return new PoseFolder(files, outside, unreadable);
  }

  private static Rejection unreadableFolder(String name, IOException e) {
    return new Rejection(name + "/", Rejection.Kind.UNREADABLE_POSE_FOLDER, name + "/: " + IoErrors.reason(e)
        + "; the pose files in it (if any) are not read");
  }

  private static String relativeName(Path folder, Path file) {
    return folder.relativize(file).toString().replace('\\', '/');
  }

  static String id(TranscriptionRow row) {
    String stem = stem(row.pose());
    if (row.startMs() == null && row.endMs() == null) {
      return stem;
    }
    return stem + "@" + (row.startMs() == null ? "" : row.startMs()) + "-" + (row.endMs() == null ? "" : row.endMs());
  }

  private static String stem(String pose) {
    return pose.endsWith(".pose") ? pose.substring(0, pose.length() - ".pose".length()) : pose;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException missing) {
      return 0;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
