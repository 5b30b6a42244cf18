package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.signwriting.animation.data.BadRow;
import org.signwriting.animation.data.SignIds;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseWriter;
import org.signwriting.animation.signwriting.SignLists;
import org.signwriting.animation.synthetic.SyntheticCorpus;
import org.signwriting.animation.synthetic.SyntheticSigner;

/**
 * {@code generate-synthetic}: a corpus of synthetic (SignWriting, pose) pairs in sign/data's layout, from the
 * signs of a transcription CSV (its splits kept) or of a sign list. The driver reads the signs and decides each
 * sign's split; the executors animate chunks of signs ({@link SyntheticSigner}), each variation with its own
 * signer, and write the {@code .pose} files; the driver then writes {@code data.csv}, the README and
 * {@code _synthetic.json}. Every file is deterministic for a seed.
 */
public final class GenerateSyntheticJob {
  public static final String JOB = "generate-synthetic";
  /** Signs one task animates, at most. */
  static final int SIGNS_PER_TASK = 64;

  /**
   * @param signs a transcription CSV (splits kept) or a sign list (JSON or one sign per line; splits by
   *     checksum, see {@link SyntheticCorpus#splitOf(String)}), a path or URI read through {@code io.Inputs}
   * @param output the output folder (replaced atomically)
   * @param variations variations (signers) per sign
   * @param seed the corpus seed
   * @param signsPerSplit at most this many signs of each named split (chosen by sign id, a stable
   *     pseudo-random order); empty: every sign
   */
  public record Options(String signs, String output, int variations, long seed, Map<String, Integer> signsPerSplit) {
    public Options {
      if (variations < 1) {
        throw new IllegalArgumentException("variations must be at least 1, not " + variations);
      }
      signsPerSplit.forEach((split, n) -> {
        if (n < 0) {
          throw new IllegalArgumentException("signs of split " + split + " must be at least 0, not " + n);
        }
      });
      signsPerSplit = Map.copyOf(signsPerSplit);
    }
  }

  /** One sign to animate: its text (SWU, FSW), split, language and the inputs that hold it. */
  record SignTask(String signId, String fsw, String swu, String split, String language, List<String> inputs)
      implements Serializable {}

  /** One written pose file, a row of {@code data.csv}. */
  record Written(String pose, String language, String swu, String split, int frames) implements Serializable {}

  private GenerateSyntheticJob() {}

  public static JobSummary run(SparkSession spark, Options options) throws IOException {
    try (JobRun run = new JobRun(spark, JOB, options.output(), options.signs())) {
      List<SignTask> signs = select(read(run, run.inputs().local(options.signs())), options.signsPerSplit());
      long read = signs.size();
      int partitions = Math.max(1, Math.min(signs.size(), Math.max(spark.sparkContext().defaultParallelism(),
          (signs.size() + SIGNS_PER_TASK - 1) / SIGNS_PER_TASK)));
      String poses = new org.apache.hadoop.fs.Path(run.output().staging(), SyntheticCorpus.POSES_FOLDER).toString();
      Map<String, String> hadoop = new HashMap<>();
      spark.sparkContext().hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
      CollectionAccumulator<Rejection> rejections = run.rejections();
      int variations = options.variations();
      long seed = options.seed();
      List<Written> written = new ArrayList<>(new JavaSparkContext(spark.sparkContext())
          .parallelize(signs, partitions)
          .mapPartitions(tasks -> generate(tasks, poses, hadoop, variations, seed, rejections))
          .collect());
      written.sort(Comparator.comparing(Written::pose));
      run.output().writeText(SyntheticCorpus.CSV_FILE, csv(written));
      String source = new org.apache.hadoop.fs.Path(options.signs()).getName();
      run.output().writeText(SyntheticCorpus.README_FILE, SyntheticCorpus.readme(source, variations, seed));
      run.output().writeText(SyntheticCorpus.MARKER_FILE, marker(source, options, signs.size(), written));
      return run.finish(read, written.size());
    }
  }

  /** The signs of the input, one task per distinct sign text, with its split; bad rows are rejected. */
  static List<SignTask> read(JobRun run, Path signs) throws IOException {
    Map<String, Set<String>> splits = new LinkedHashMap<>();
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    Map<String, String> languages = new HashMap<>();
    Map<String, String> swus = new HashMap<>();
    String name = signs.getFileName().toString();
    boolean csv = name.toLowerCase(Locale.ROOT).endsWith(".csv");
    List<String[]> texts = new ArrayList<>(); // input, text, split (null: by checksum), language
    if (csv) {
      TranscriptionCsv.Result result = TranscriptionCsv.readCollectingBadRows(signs);
      for (BadRow bad : result.badRows()) {
        run.reject(new Rejection(name + ":" + bad.line(), Rejection.Kind.MALFORMED_CSV_ROW, bad.message()));
      }
      for (TranscriptionRow row : result.rows()) {
        texts.add(new String[] {name + ":" + row.line(), row.text(), row.split(), row.videoLanguage()});
      }
    } else {
      List<String> list = SignLists.read(signs);
      for (int i = 0; i < list.size(); i++) {
        texts.add(new String[] {name + "#" + (i + 1), list.get(i), null, ""});
      }
    }
    for (String[] text : texts) {
      SignWritingColumns columns;
      try {
        columns = SignWritingColumns.of(text[1]);
      } catch (IllegalArgumentException e) {
        run.reject(new Rejection(text[0], Rejection.Kind.UNPARSABLE_SIGNWRITING, text[0] + ": " + e.getMessage()));
        continue;
      }
      String fsw = columns.fsw();
      splits.computeIfAbsent(fsw, k -> new LinkedHashSet<>())
          .add(text[2] != null ? text[2] : SyntheticCorpus.splitOf(fsw));
      inputs.computeIfAbsent(fsw, k -> new ArrayList<>()).add(text[0]);
      languages.putIfAbsent(fsw, text[3] == null ? "" : text[3]);
      swus.putIfAbsent(fsw, columns.swu());
    }
    List<SignTask> tasks = new ArrayList<>();
    splits.forEach((fsw, own) -> tasks.add(new SignTask(SignIds.of(fsw), fsw, swus.get(fsw),
        SyntheticCorpus.splitOf(own), languages.get(fsw), inputs.get(fsw))));
    return tasks;
  }

  /** At most {@code perSplit} signs of each named split, by sign id; splits not named are kept whole. */
  static List<SignTask> select(List<SignTask> signs, Map<String, Integer> perSplit) {
    if (perSplit.isEmpty()) {
      return signs;
    }
    Map<String, Integer> taken = new HashMap<>();
    List<SignTask> selected = new ArrayList<>();
    for (SignTask sign : signs.stream().sorted(Comparator.comparing(SignTask::signId)).toList()) {
      Integer limit = perSplit.get(sign.split());
      if (limit == null) {
        continue;
      }
      if (taken.merge(sign.split(), 1, Integer::sum) <= limit) {
        selected.add(sign);
      }
    }
    return selected;
  }

  private static Iterator<Written> generate(Iterator<SignTask> tasks, String poses, Map<String, String> hadoop,
      int variations, long seed, CollectionAccumulator<Rejection> rejections) throws IOException {
    Configuration conf = new Configuration(false);
    hadoop.forEach(conf::set);
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(poses);
    FileSystem fs = folder.getFileSystem(conf);
    List<Written> written = new ArrayList<>();
    while (tasks.hasNext()) {
      SignTask sign = tasks.next();
      for (int v = 0; v < variations; v++) {
        String pose = SyntheticCorpus.poseName(sign.signId(), v);
        Pose animation;
        try {
          animation = SyntheticSigner.animate(sign.fsw(), SyntheticCorpus.seed(seed, sign.signId(), v));
        } catch (RuntimeException e) {
          for (String input : sign.inputs()) {
            rejections.add(new Rejection(input, Rejection.Kind.UNANIMATABLE_SIGNWRITING,
                input + ": " + sign.fsw() + ": cannot be animated: " + e.getMessage()));
          }
          break;
        }
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(folder, pose), true)) {
          PoseWriter.write(animation, out);
        }
        written.add(new Written(pose, sign.language(), sign.swu(), sign.split(), animation.body().frames()));
      }
    }
    return written.iterator();
  }

  private static String csv(List<Written> written) throws IOException {
    StringWriter text = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.RFC4180.builder()
        .setHeader(TranscriptionCsv.COLUMNS.toArray(String[]::new)).setRecordSeparator("\n").get())) {
      for (Written w : written) {
        printer.printRecord(w.pose(), w.language(), "", "", w.swu(), w.split());
      }
    }
    return text.toString();
  }

  private static String marker(String source, Options options, int signs, List<Written> written) {
    Map<String, Integer> poses = new TreeMap<>();
    Map<String, Set<String>> signsBySplit = new TreeMap<>();
    long frames = 0;
    for (Written w : written) {
      poses.merge(w.split(), 1, Integer::sum);
      signsBySplit.computeIfAbsent(w.split(), k -> new java.util.TreeSet<>()).add(w.swu());
      frames += w.frames();
    }
    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"synthetic\": true,\n");
    json.append("  \"note\": ").append(Json.quote("procedurally generated poses, not recordings of signers; "
        + "for testing and demonstrating the pipeline only")).append(",\n");
    json.append("  \"generator\": \"swa generate-synthetic\",\n");
    json.append("  \"source\": ").append(Json.quote(source)).append(",\n");
    json.append("  \"seed\": ").append(options.seed()).append(",\n");
    json.append("  \"variations\": ").append(options.variations()).append(",\n");
    json.append("  \"signs\": ").append(signs).append(",\n");
    json.append("  \"poses\": ").append(written.size()).append(",\n");
    json.append("  \"frames\": ").append(frames).append(",\n");
    json.append("  \"fps\": ").append(Json.number(SyntheticSigner.fps())).append(",\n");
    json.append("  \"points\": ").append(SyntheticSigner.header().totalPoints()).append(",\n");
    json.append("  \"width\": ").append(SyntheticSigner.header().width()).append(",\n");
    json.append("  \"height\": ").append(SyntheticSigner.header().height()).append(",\n");
    json.append("  \"splits\": {");
    String separator = "";
    for (Map.Entry<String, Integer> e : poses.entrySet()) {
      json.append(separator).append(Json.quote(e.getKey())).append(": {\"signs\": ")
          .append(signsBySplit.get(e.getKey()).size()).append(", \"poses\": ").append(e.getValue()).append('}');
      separator = ", ";
    }
    return json.append("}\n}\n").toString();
  }
}
