package org.signwriting.animation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.ModelFolder;
import org.signwriting.animation.diffusion.TrainingData;
import org.signwriting.animation.diffusion.TrainingMetrics;
import org.signwriting.animation.diffusion.TrainingRun;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.spark.ClusterTrainer;
import org.signwriting.animation.spark.ClusterTrainingData;
import org.signwriting.animation.spark.JobSession;
import org.signwriting.animation.spark.PoseStatsJob;
import org.signwriting.animation.spark.PrepareEmbeddingsJob;
import org.signwriting.animation.spark.TrainingDataReader;
import org.signwriting.animation.spark.TrainingPoses;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import org.signwriting.animation.util.TorchThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa train}: trains the diffusion model on the prepared Parquet into a self-contained model folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Trains the SignWriting-to-pose diffusion model (CAMDM in DJL).",
        "",
        "Where it trains:",
        "  * without --workers in local mode (the default, embedded Spark): Spark",
        "    reads the prepare-poses table (train and dev splits; a folder of .pose",
        "    files is first prepared by prepare-poses into",
        "    MODEL_FOLDER/" + TrainingPoses.PREPARED_FOLDER + " with the transcription CSV) and the",
        "    prepare-embeddings table, joins them on sign_id and collects them to",
        "    this JVM, where DJL trains;",
        "  * with --workers N, or on a cluster (--master spark://..., spark-submit",
        "    with jobs/train.sh): N barrier tasks on the executors, each a DJL",
        "    replica (on the task's GPU when it holds one) streaming its own share",
        "    of the tables; the driver coordinates them and writes the checkpoints",
        "    and never holds the data. --sync-every 1 averages the gradients before",
        "    every step (synchronous data-parallel SGD); K > 1 takes K local steps",
        "    and averages the weights (local SGD). A lost executor costs the steps",
        "    since the last checkpoint (--checkpoint-every).",
        "",
        "Pose statistics come from --pose-stats (a pose-stats output), else they are",
        "computed from the sequences trained on. Validation runs on the dev split (on the",
        "train split, with a note, when there is none) at every checkpoint.",
        "",
        "The model folder ends up self-contained for animate: diffusion-config.json,",
        "weights.params, ema-weights.params, pose-stats.json, pose-header.pose (the",
        "178-point reduced holistic header at the training fps),",
        "training-motion.json, embedding_model/ (a copy of the sign encoder), plus",
        "checkpoint.bin, metrics.csv and metrics.png.",
        "",
        "Pretraining then fine-tuning:",
        "  swa prepare-poses --include-untranscribed ... --output prepared/",
        "  swa train --poses prepared/ --unconditional --model-folder models/pre",
        "  swa train --poses prepared/ --embedding-data embeddings/ \\",
        "      --init-from models/pre --model-folder models/sign",
        "",
        "Examples:",
        "  swa train --poses prepared/ --embedding-data embeddings/ \\",
        "      --model-folder models/sign --max-steps 2000",
        "  swa train --poses $POSE_SEQUENCES_FOLDER --embedding_data $EMBEDDINGS_FOLDER \\",
        "      --model_folder $MODEL_FOLDER          (the seed's spelling)"
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = {"--poses", "--pose-sequences-folder", "--pose_sequences_folder"}, paramLabel = "DIR",
      defaultValue = "${env:POSE_SEQUENCES_FOLDER}",
      description = "The output folder of prepare-poses, or a folder of .pose files, prepared here with the "
          + "transcription CSV; a path or a URI such as hdfs://... (default: $POSE_SEQUENCES_FOLDER).")
  String poses;

  @Mixin TranscriptionCsvOption transcriptions;

  @Option(names = {"--embedding-data", "--embedding_data"}, paramLabel = "DIR",
      description = "The output folder of prepare-embeddings (not needed with --unconditional).")
  String embeddingData;

  @Option(names = {"--embedding-model", "--embedding_model"}, paramLabel = "PATH",
      description = "The sign encoder that made --embedding-data (a train-embedding-model folder or a TorchScript "
          + "file; default: the copy prepare-embeddings keeps in its output); copied into the model folder so "
          + "that animate embeds signs the same way.")
  String embeddingModel;

  @Option(names = {"--model-folder", "--model_folder"}, required = true, paramLabel = "DIR",
      description = "Where the model, its checkpoint and its metrics are written.")
  Path modelFolder;

  @Option(names = {"--pose-stats", "--pose_stats"}, paramLabel = "DIR",
      description = "The output folder of pose-stats (default: statistics of the train split, computed here).")
  String poseStats;

  @Option(names = {"--max-steps", "--max_steps"}, paramLabel = "N", defaultValue = "0",
      description = "Stop after N optimizer steps (default: all steps of the planned epochs).")
  int maxSteps;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "0",
      description = "Epochs the learning-rate schedule plans for (default: training.epochs of the config).")
  int epochs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of every random choice; same seed and data, same model (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--unconditional",
      description = "Pretrain without SignWriting: the train and untranscribed poses, the sign token always the "
          + "learned null embedding.")
  boolean unconditional;

  @Option(names = {"--init-from", "--init_from"}, paramLabel = "DIR",
      description = "Start from the weights of another model folder (e.g. the unconditional pretraining).")
  String initFrom;

  @Option(names = "--resume", description = "Continue the model folder's checkpoint.bin where it stopped.")
  boolean resume;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Model, diffusion, loss and training settings (default: with --resume the model folder's own "
          + "diffusion-config.json, else conf/diffusion.json).")
  Path config;

  @Option(names = "--workers", paramLabel = "N",
      description = "Train with N data-parallel workers on the executors (default: in this JVM in local mode; on a "
          + "cluster, one per task slot). The batch (training.batchSize) is split between them.")
  Integer workers;

  @Option(names = {"--sync-every", "--sync_every"}, paramLabel = "K", defaultValue = "1",
      description = "Workers average their gradients before every step (1, the default), or take K steps on their "
          + "own and then average their weights.")
  int syncEvery;

  @Option(names = {"--checkpoint-every", "--checkpoint_every"}, paramLabel = "N",
      description = "Steps between checkpoints and validations (default: training.checkpointEvery of the config).")
  Integer checkpointEvery;

  @Mixin TorchThreads torchThreads;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Inputs inputs = spark.inputs();
    checkOptions(inputs);
    torchThreads.apply();
    String csv = TrainingPoses.isPrepared(inputs, poses) ? null : transcriptions.optional(inputs);
    try {
      TrainingPoses.check(inputs, poses, csv, unconditional);
    } catch (TrainingPoses.PosesException e) {
      throw new IllegalArgumentException("--poses " + e.getMessage()
          + (e.problem() == TrainingPoses.PosesException.Problem.NO_TRANSCRIPTIONS
              ? " (--transcription-csv-path or SIGNWRITING_TRANSCRIPTION_CSV_PATH)" : ""), e);
    }
    Path encoder = embeddingModel == null ? null : inputs.local(embeddingModel);
    Path own = new ModelFolder(modelFolder).config();
    DiffusionConfig base = config != null ? DiffusionConfig.read(config)
        : resume && Files.isRegularFile(own) ? DiffusionConfig.read(own) : DiffusionConfig.readDefault();
    if (checkpointEvery != null) {
      base = base.withCheckpointEvery(checkpointEvery);
    }
    List<String> read = new ArrayList<>();
    for (String location : new String[] {poses, csv, unconditional ? null : embeddingData, poseStats,
        unconditional ? null : embeddingModel, initFrom, config == null ? null : config.toString()}) {
      if (location != null) {
        read.add(inputs.qualify(location));
      }
    }
    TrainingRun run = new TrainingRun(new TrainingRun.Settings(modelFolder, base, poseStatsFile(inputs),
        unconditional ? null : encoder, new DiffusionTrainer.Options(seed, maxSteps, epochs, unconditional, resume,
            initFrom == null ? null : inputs.local(initFrom)), read), System.err::println);
    SparkSession session = JobSession.create("swa train", spark.master, spark.conf);
    TrainingData data;
    try {
      String prepared = TrainingPoses.prepared(session, poses, csv, unconditional, modelFolder);
      String headerFile = inputs.resolve(prepared, PreparedPoses.HEADER_FILE);
      if (!inputs.isFile(headerFile)) {
        throw new IllegalArgumentException("--poses " + prepared + ": no " + PreparedPoses.HEADER_FILE
            + " in it (a prepare-poses output written before prepare-poses recorded the pose header)");
      }
      PoseHeader header = PoseReader.readHeader(inputs.local(headerFile));
      String embeddings = unconditional ? null : embeddingData;
      if (session.sparkContext().isLocal() && workers == null) {
        data = TrainingDataReader.read(session, prepared, embeddings, header);
        session.stop();
      } else {
        int n = workers != null ? workers : Math.max(1, session.sparkContext().defaultParallelism()
            / JobSession.intSetting(session, "spark.task.cpus", 1));
        if (workers == null) {
          System.err.printf(Locale.ROOT, "note: training with %d workers, one per task slot of the cluster "
              + "(--workers to choose)%n", n);
        }
        data = ClusterTrainingData.open(session, prepared, embeddings, header, unconditional,
            new ClusterTrainer.Settings(n, syncEvery,
                JobSession.intSetting(session, ClusterTrainer.SHUFFLE_BUFFER, ClusterTrainer.DEFAULT_SHUFFLE_BUFFER),
                (int) JobSession.bytesSetting(session, ClusterTrainer.CHUNK_BYTES, ClusterTrainer.DEFAULT_CHUNK_BYTES)));
      }
    } catch (RuntimeException | java.io.IOException e) {
      session.stop();
      throw e;
    }
    try {
      return train(run, data, out);
    } finally {
      session.stop();
    }
  }

  private int train(TrainingRun run, TrainingData data, PrintWriter out) throws Exception {
    ProgressBar[] bar = new ProgressBar[1];
    TrainingRun.Outcome outcome;
    try {
      outcome = run.run(data, (step, lastStep, loss) -> {
        if (bar[0] == null) {
          bar[0] = ConsoleProgress.bar("train", lastStep);
          bar[0].stepTo(step - 1);
        }
        bar[0].stepTo(step);
        ConsoleProgress.message(bar[0], String.format(Locale.ROOT, "loss %.4f", loss));
      });
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
    DiffusionTrainer.Result result = outcome.result();
    out.printf(Locale.ROOT, "trained to step %d (%d steps in this run)%n", result.steps(),
        result.stepLosses().length);
    if (!result.metrics().isEmpty()) {
      TrainingMetrics.Row last = result.metrics().get(result.metrics().size() - 1);
      out.printf(Locale.ROOT, "  loss %.4f, validation: masked MSE %.4f, DTW-MJE %.4f, displacement ratio %.3f%n",
          last.loss(), last.devMse(), last.devDtwMje(), last.devDisplacementRatio());
    }
    if (data instanceof ClusterTrainingData cluster && cluster.throughput() != null) {
      out.println("  " + cluster.throughput().describe());
    }
    out.printf("  model folder %s (metrics %s)%n", modelFolder, new ModelFolder(modelFolder).metricsPlot()
        .getFileName());
    out.flush();
    return 0;
  }

  /** pose-stats' JSON in the --pose-stats folder (a local path, copied here when remote), or null. */
  private Path poseStatsFile(Inputs inputs) throws IOException {
    if (poseStats == null) {
      return null;
    }
    String json = inputs.resolve(poseStats, PoseStatsJob.JSON_FILE);
    if (!inputs.isFile(json)) {
      throw new IllegalArgumentException("--pose-stats " + poseStats + ": no " + PoseStatsJob.JSON_FILE
          + " in it (not a pose-stats output)");
    }
    return inputs.local(json);
  }

  private void checkOptions(Inputs inputs) throws IOException {
    OptionValues.atLeast("--max-steps", maxSteps, 0);
    OptionValues.atLeast("--epochs", epochs, 0);
    if (workers != null) {
      OptionValues.atLeast("--workers", workers, 1);
    }
    OptionValues.atLeast("--sync-every", syncEvery, 1);
    if (checkpointEvery != null) {
      OptionValues.atLeast("--checkpoint-every", checkpointEvery, 1);
    }
    if (syncEvery > 1 && workers == null && (spark.master == null || spark.master.startsWith("local"))) {
      throw new IllegalArgumentException("--sync-every is for data-parallel workers: give --workers N (or a "
          + "cluster --master)");
    }
    if (resume && initFrom != null) {
      throw new IllegalArgumentException("--resume continues the model folder's own checkpoint; it does not go "
          + "with --init-from");
    }
    if (poses == null) {
      throw new IllegalArgumentException("Missing the poses: give --poses DIR (a prepare-poses output or a folder "
          + "of .pose files) or set POSE_SEQUENCES_FOLDER");
    }
    if (!unconditional && embeddingData == null) {
      throw new IllegalArgumentException("training on SignWriting needs --embedding-data (a prepare-embeddings "
          + "output); or pretrain with --unconditional");
    }
    for (String location : new String[] {poses, embeddingData, poseStats, initFrom}) {
      if (location != null && !inputs.exists(location)) {
        throw new NoSuchFileException(location);
      }
    }
    if (config != null && !Files.exists(config)) {
      throw new NoSuchFileException(config.toString());
    }
    if (!unconditional && embeddingModel == null && inputs.isDirectory(embeddingData)) {
      embeddingModel = PrepareEmbeddingsJob.recordedEncoder(inputs, embeddingData);
      if (embeddingModel == null) {
        throw new IllegalArgumentException("--embedding-data " + embeddingData + " does not record the encoder "
            + "that made it (written by an older prepare-embeddings): give --embedding-model");
      }
    }
    if (embeddingModel != null) {
      embeddingModel = SignEmbedders.resolve(inputs, embeddingModel);
      if (!inputs.exists(embeddingModel)) {
        throw new NoSuchFileException(embeddingModel);
      }
    }
  }
}
