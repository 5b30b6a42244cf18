package org.signwriting.animation.spark;

import static org.apache.spark.sql.functions.col;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.io.InputPaths;
import org.signwriting.animation.io.Inputs;
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
  /** Pose files tried for the table's header before giving up (each unreadable one is rejected by the job). */
  private static final int HEADER_CANDIDATES = 20;

  /** The table's columns in order ({@link PreparedPoses} names them; the README documents them). */
  public static final StructType SCHEMA = new StructType()
      .add(PreparedPoses.ID, DataTypes.StringType, false)
      .add(PreparedPoses.POSE, DataTypes.StringType, false)
      .add(PreparedPoses.LANGUAGE, DataTypes.StringType, true)
      .add(PreparedPoses.START_MS, DataTypes.LongType, true)
      .add(PreparedPoses.END_MS, DataTypes.LongType, true)
      .add(PreparedPoses.FPS, DataTypes.FloatType, false)
      .add(PreparedPoses.FRAMES, DataTypes.IntegerType, false)
      .add(PreparedPoses.PEOPLE, DataTypes.IntegerType, false)
      .add(PreparedPoses.POINTS, DataTypes.IntegerType, false)
      .add(PreparedPoses.DIMS, DataTypes.IntegerType, false)
      .add(PreparedPoses.POINT_COMPONENTS, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(PreparedPoses.POINT_NAMES, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(PreparedPoses.DATA, DataTypes.BinaryType, false)
      .add(PreparedPoses.CONFIDENCE, DataTypes.BinaryType, false)
      .add(PreparedPoses.SWU, DataTypes.StringType, true)
      .add(PreparedPoses.FSW, DataTypes.StringType, true)
      .add(PreparedPoses.SIGN_ID, DataTypes.StringType, true)
      .add(PreparedPoses.SPLIT, DataTypes.StringType, false);

  /**
   * @param poses the folder of {@code .pose} files: a path or URI ({@link Inputs})
   * @param transcriptionCsv the transcription CSV (a path or URI), or null to write untranscribed poses only
   * @param output the output folder (replaced atomically)
   * @param includeUntranscribed also write the pose files no CSV row names, whole, in split
   *     {@value PreparedPoses#UNTRANSCRIBED_SPLIT}
   */
  public record Options(String poses, String transcriptionCsv, String output, boolean includeUntranscribed) {}

  /**
   * The bean's properties as the table's columns, in the table's order; the pose arrays carry their layout in
   * the column metadata, which Spark writes into every Parquet file's key-value metadata.
   */
  private static Column[] columns(byte[] headerFile) {
    return Arrays.stream(SCHEMA.fieldNames())
        .map(name -> col(snakeToCamel(name)).as(name, layout(name, headerFile)))
        .toArray(Column[]::new);
  }

  /**
   * The metadata of a column: for {@link PreparedPoses#DATA} and {@link PreparedPoses#CONFIDENCE}, how their bytes
   * read (numpy's dtype {@code <f4}: little-endian float32), the columns that give their shape in order, what the
   * values are, and the pose header of the rows (the {@value PreparedPoses#HEADER_FILE} file's bytes in base64, when
   * known: a v0.2 {@code .pose} without frames); nothing for the other columns. Spark keeps column metadata in every
   * Parquet file's key-value metadata ({@code org.apache.spark.sql.parquet.row.metadata}) and gives it back as the
   * field's metadata.
   */
  private static Metadata layout(String column, byte[] headerFile) {
    boolean data = column.equals(PreparedPoses.DATA);
    if (!data && !column.equals(PreparedPoses.CONFIDENCE)) {
      return Metadata.empty();
    }
    MetadataBuilder layout = new MetadataBuilder()
        .putString(PreparedPoses.LAYOUT_DTYPE, "<f4")
        .putStringArray(PreparedPoses.LAYOUT_SHAPE, data
            ? new String[] {PreparedPoses.FRAMES, PreparedPoses.PEOPLE, PreparedPoses.POINTS, PreparedPoses.DIMS}
            : new String[] {PreparedPoses.FRAMES, PreparedPoses.PEOPLE, PreparedPoses.POINTS})
        .putString(PreparedPoses.LAYOUT_VALUES, data
            ? "x, y, z after the training pre-processing: shoulder-normalized, hand points relative to their wrist"
            : "0..1, 0 = not detected (masked)");
    if (headerFile != null) {
      layout.putString(PreparedPoses.LAYOUT_POSE_HEADER, Base64.getEncoder().encodeToString(headerFile))
          .putString(PreparedPoses.LAYOUT_POSE_HEADER_FILE, PreparedPoses.HEADER_FILE);
    }
    return layout.build();
  }

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
    Inputs inputs = Inputs.with(spark.sparkContext().hadoopConfiguration());
    if (!inputs.isDirectory(options.poses())) {
      throw new IOException(options.poses() + ": the pose folder does not exist or is not a folder");
    }
    try (JobRun run = new JobRun(spark, JOB, options.output(), options.poses(), options.transcriptionCsv())) {
      List<PoseTask> tasks = tasks(options, run, inputs);
      byte[] headerFile = poseHeaderFile(tasks, inputs);
      long read = tasks.size() + run.allRejections().size();
      List<List<PoseTask>> batches = BalancedBatches.of(tasks, PoseTask::bytes,
          JobSession.bytesSetting(spark, PARTITION_BYTES, 128 << 20),
          JobSession.intSetting(spark, MIN_PARTITIONS, spark.sparkContext().defaultParallelism()));
      PoseRowDecoder.Reports reports = new PoseRowDecoder.Reports(run.rejections(),
          spark.sparkContext().longAccumulator("read ns"), spark.sparkContext().longAccumulator("pre-process ns"));
      JavaRDD<PreparedPoseRow> rows = new JavaSparkContext(spark.sparkContext())
          .parallelize(batches, Math.max(1, batches.size()))
          .mapPartitions(partition -> PoseRowDecoder.rows(flatten(partition), reports));
      withoutSortBeforeWriting(spark, () -> spark.createDataset(rows.rdd(), Encoders.bean(PreparedPoseRow.class))
          .select(columns(headerFile))
          .write()
          .mode(SaveMode.Append) // into the (empty) staging folder
          .partitionBy(PreparedPoses.SPLIT)
          // Pose values are nearly all distinct: a dictionary would be built and dropped for every page.
          .option("parquet.enable.dictionary#" + PreparedPoses.DATA, "false")
          .option("parquet.enable.dictionary#" + PreparedPoses.CONFIDENCE, "false")
          // Nor min/max statistics: comparing megabyte values byte by byte took a pass over every pose, for
          // statistics no reader can use to skip a pose's float bytes.
          .option("parquet.column.statistics.enabled#" + PreparedPoses.DATA, "false")
          .option("parquet.column.statistics.enabled#" + PreparedPoses.CONFIDENCE, "false")
          .parquet(run.output().staging().toString()));
      // Read back what was written (Parquet footers only), rather than trusting counters.
      long written = spark.read().schema(SCHEMA).parquet(run.output().staging().toString()).count();
      if (written > 0 && headerFile != null) {
        run.output().writeBytes(PreparedPoses.HEADER_FILE, headerFile);
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
   * {@value PreparedPoses#HEADER_FILE}: the header of a task's pose file (a train row's if any, else the first by
   * name whose file reads as holistic), reduced as the rows are, with that file's fps and no frames; null when none
   * reads. Only the header and one frame of a file are read, on the driver.
   */
  private static byte[] poseHeaderFile(List<PoseTask> tasks, Inputs inputs) throws IOException {
    List<PoseTask> candidates = tasks.stream()
        .sorted(Comparator.comparing((PoseTask t) -> !"train".equals(t.split())).thenComparing(PoseTask::pose))
        .toList();
    for (PoseTask task : candidates.subList(0, Math.min(HEADER_CANDIDATES, candidates.size()))) {
      Pose reduced;
      try (SeekableByteChannel channel = inputs.channel(task.file())) {
        reduced = Holistic.reduce(PoseReader.read(task.file(), channel, FrameRange.frames(0, 1)));
      } catch (IOException | RuntimeException unusable) {
        continue; // the job rejects it with the reason; another file gives the header
      }
      PoseHeader header = reduced.header();
      Pose headerOnly = new Pose(header, new PoseBody(reduced.body().fps(), 0, 1, header.totalPoints(),
          header.dims(), new float[0], new float[0]));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PoseWriter.write(headerOnly, bytes);
      return bytes.toByteArray();
    }
    return null;
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
   * rejected row never costs a good row its id, whatever their order. Every task names its file by a qualified
   * location (a local absolute path or a URI), which the executors open through {@link ExecutorInputs}.
   */
  static List<PoseTask> tasks(Options options, JobRun run, Inputs inputs) throws IOException {
    PoseFolder folder = poseFiles(inputs, options.poses());
    folder.unreadableFolders().forEach(run::reject);
    Map<String, Inputs.Listed> files = folder.files();
    List<PoseTask> tasks = new ArrayList<>();
    Set<String> transcribed = new HashSet<>();
    if (options.transcriptionCsv() != null) {
      TranscriptionCsv.Result csv = run.readTranscriptions(options.transcriptionCsv());
      String csvName = JobRun.csvName(options.transcriptionCsv());
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
        Inputs.Listed file = files.get(row.pose());
        try {
          file = file != null ? file : new Inputs.Listed(
              inputs.resolveInside(folder.root(), row.pose(), TranscriptionCsv.POSE_FOLDER), 0);
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
        tasks.add(new PoseTask(id, input, row.pose(), file.location(), file.bytes(),
            row.startMs(), row.endMs(), row.split(), blankToNull(row.videoLanguage()), signWriting));
      }
    }
    if (options.includeUntranscribed() || options.transcriptionCsv() == null) {
      folder.outside().forEach((name, rejection) -> {
        if (!transcribed.contains(name)) {
          run.reject(rejection);
        }
      });
      for (Map.Entry<String, Inputs.Listed> file : files.entrySet()) {
        if (!transcribed.contains(file.getKey())) {
          tasks.add(new PoseTask(stem(file.getKey()), file.getKey(), file.getKey(),
              file.getValue().location(), file.getValue().bytes(), null, null,
              PreparedPoses.UNTRANSCRIBED_SPLIT, null, null));
        }
      }
    }
    return tasks;
  }

  /**
   * The {@code .pose} files under a folder (its qualified location {@code root}), by their path relative to it
   * (with {@code /}); the rejections of the files that lead outside it (symbolic links), by name; and those of
   * the subfolders that cannot be read. Another file system than this machine's is listed in one call
   * ({@link Inputs#find}); it has no links to follow.
   */
  record PoseFolder(String root, Map<String, Inputs.Listed> files, Map<String, Rejection> outside,
      List<Rejection> unreadableFolders) {}

  static PoseFolder poseFiles(Inputs inputs, String location) throws IOException {
    String root = inputs.qualify(location);
    if (!inputs.isLocal(root)) {
      return new PoseFolder(root, inputs.find(root, ".pose"), Map.of(), List.of());
    }
    Path folder = Path.of(root);
    Map<String, Inputs.Listed> files = new TreeMap<>();
    Map<String, Rejection> outside = new TreeMap<>();
    List<Rejection> unreadable = new ArrayList<>();
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        String name = relativeName(folder, file);
        if (name.endsWith(".pose") && !attributes.isDirectory()) {
          try {
            // A link is listed as itself (links to folders are not walked into); where it leads is checked here.
            files.put(name, listed(attributes.isSymbolicLink()
                ? InputPaths.resolve(folder, name, TranscriptionCsv.POSE_FOLDER) : file));
          } catch (InputPaths.OutsideRootException e) {
            outside.put(name, new Rejection(name, Rejection.Kind.POSE_OUTSIDE_FOLDER, e.getMessage()));
          } catch (IOException e) {
            files.put(name, listed(file)); // reading it will say what is wrong
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
    return new PoseFolder(root, files, outside, unreadable);
  }

  private static Inputs.Listed listed(Path file) {
    return new Inputs.Listed(file.toAbsolutePath().toString(), size(file));
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
