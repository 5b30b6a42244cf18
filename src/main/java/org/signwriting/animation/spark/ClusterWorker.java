package org.signwriting.animation.spark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.signwriting.animation.data.ShardStream;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.DataParallelWorker;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.Replica;
import org.signwriting.animation.diffusion.TrainingData;
import org.signwriting.animation.diffusion.TrainingMetrics;
import org.signwriting.animation.diffusion.TrainingState;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * The executor side of {@link ClusterTrainer}: one barrier task per worker and segment (the steps between two
 * checkpoints). A task holds a DJL {@link Replica} on its device (the task's GPU, else the CPU, with PyTorch threads
 * from the task's cores), streams its worker's shard of the training table ({@link ShardStream}) and runs
 * {@link DataParallelWorker} with the other tasks through {@link BarrierExchange}.
 *
 * <p>Replicas and streams outlive a task in the executor JVM: a replica that ended the previous segment is already in
 * the state the segment starts from (every replica ends a segment in the checkpoint's state), and a stream that
 * ended it is already where the worker continues. At the start of a segment the tasks tell each other which
 * workers' streams their JVM holds at the right place, and each task takes a worker whose stream it holds (Spark
 * places tasks where it likes). Anything missing (a new executor, a retried segment) is rebuilt: the replica from
 * the broadcast checkpoint, the stream by reading its shard again up to the segment's place. So a segment always
 * computes the same numbers, retried or not.
 */
final class ClusterWorker {
  private ClusterWorker() {}

  /** What every task of a run needs (broadcast once per run). */
  record RunPlan(String runId, int workers, int plannedSteps, int stepsPerEpoch, int batchPerWorker, int syncEvery,
      long seed, boolean unconditional, String configJson, String statisticsJson, List<Sequence> validation,
      List<List<ParquetRows.Range>> shards, PoseShards.Layout layout, String embeddingsTable, int shuffleBuffer,
      int chunkBytes, String checkpointLabel) implements Serializable {}

  /** One segment: steps {@code [startStep, endStep)}; {@code last}: the run's final segment. */
  record Stage(int startStep, int endStep, boolean last) implements Serializable {}

  /** The state a segment starts from (null state: from the seed). */
  record Start(TrainingState state) implements Serializable {}

  /**
   * What a task reports. {@code row} and {@code state} (the end state, metrics left to the driver) come from the
   * task of partition 0 only.
   */
  record Report(int partition, int worker, String executor, String device, int torchThreads, String ompWaitPolicy,
      long replayedDraws, boolean replicaRestored, DataParallelWorker.Outcome outcome, long bytesSent, long rounds,
      TrainingMetrics.Row row, TrainingState state) implements Serializable {}

  /** Idle replicas of this JVM, by run, each with the step its state is at (-1: fresh from the seed). */
  private static final Map<String, Deque<Held>> REPLICAS = new ConcurrentHashMap<>();
  /** Streams of this JVM, by run and worker. */
  private static final Map<String, ShardStream> STREAMS = new ConcurrentHashMap<>();

  private record Held(Replica replica, int step) {}

  static Report run(Broadcast<RunPlan> runPlan, Stage stage, Broadcast<Start> start,
      Broadcast<SerializableConfiguration> hadoop) throws IOException {
    BarrierTaskContext context = BarrierTaskContext.get();
    int partition = context.partitionId();
    RunPlan plan = runPlan.value();
    forgetOtherRuns(plan.runId());
    ExecutorTorch.useTaskCores();
    Device device = TaskDevices.device(context.resourcesJMap(), Engine.getInstance().getGpuCount());
    Configuration conf = hadoop.value().value();
    DiffusionConfig config = DiffusionConfig.fromJson(plan.configJson(), "the run's config");
    PoseStatistics statistics = PoseStatistics.parse("the run's statistics",
        new java.io.StringReader(plan.statisticsJson()));

    // Which worker this task trains: preferably one whose stream this JVM holds where the segment starts.
    long startDraws = (long) stage.startStep() * plan.batchPerWorker();
    int[] workerOfPartition = assignWorkers(context.allGather(heldStreams(plan, startDraws)), plan.workers());
    int worker = workerOfPartition[partition];
    ShardStream stream = STREAMS.remove(streamKey(plan.runId(), worker));
    if (stream == null) {
      stream = openStream(plan, worker, conf);
    }
    long replayed = stream.position() == startDraws ? 0 : startDraws;
    // In the executor's log: what this task trains, where (a test kills an executor once it reads this).
    System.err.printf(java.util.Locale.ROOT, "swa train: steps %d-%d, worker %d of %d (partition %d) on %s%n",
        stage.startStep() + 1, stage.endStep(), worker, plan.workers(), partition, device);
    stream.skipTo(startDraws);

    Held held = borrowReplica(plan.runId());
    boolean restored = false;
    Replica replica;
    if (held != null && held.step() == stage.startStep() && held.replica().device().equals(device)) {
      replica = held.replica();
    } else {
      if (held != null) {
        held.replica().close();
      }
      replica = new Replica(config, statistics, device, plan.seed());
      TrainingState state = start.value().state();
      Path label = Path.of(plan.checkpointLabel());
      if (state != null && state.moments() != null) {
        replica.restore(state, label);
        restored = true;
      } else if (state != null) {
        replica.initializeFrom(state.weights(), label);
        restored = true;
      }
    }

    DataParallelWorker.Segment segment = new DataParallelWorker.Segment(worker, plan.workers(), stage.startStep(),
        stage.endStep(), plan.plannedSteps(), plan.stepsPerEpoch(), plan.batchPerWorker(), plan.syncEvery(),
        plan.seed(), plan.unconditional());
    ShardStream source = stream;
    DataParallelWorker.Outcome outcome;
    BarrierExchange exchange = new BarrierExchange(context, plan.chunkBytes(), workerOfPartition);
    try {
      outcome = DataParallelWorker.run(replica, segment, source::next, exchange, statistics);
    } finally {
      exchange.close();
    }

    TrainingMetrics.Row row = null;
    TrainingState end = null;
    if (partition == 0 && !outcome.diverged()) {
      TrainingMetrics.Validation validation = plan.validation().isEmpty() ? null
          : replica.validate(plan.validation(), statistics, plan.seed(), plan.unconditional());
      row = DataParallelWorker.row(outcome, stage.endStep(), plan.stepsPerEpoch(), validation);
      end = replica.snapshot(stage.endStep(), List.of());
    }
    if (stage.last() || outcome.diverged()) {
      replica.close();
      stream.close();
    } else {
      REPLICAS.computeIfAbsent(plan.runId(), id -> new ConcurrentLinkedDeque<>()).push(new Held(replica, stage.endStep()));
      STREAMS.put(streamKey(plan.runId(), worker), stream);
    }
    return new Report(partition, worker, SparkEnv.get().executorId(), device.toString(), torchThreads(),
        String.valueOf(System.getenv("OMP_WAIT_POLICY")), replayed, restored, outcome, exchange.bytesSent(),
        exchange.rounds(), row, end);
  }

  private static int torchThreads() {
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }

  private static String streamKey(String runId, int worker) {
    return runId + "/" + worker;
  }

  /** The workers whose streams this JVM holds at {@code draws}, comma-separated. */
  private static String heldStreams(RunPlan plan, long draws) {
    TreeSet<Integer> held = new TreeSet<>();
    for (int worker = 0; worker < plan.workers(); worker++) {
      ShardStream stream = STREAMS.get(streamKey(plan.runId(), worker));
      if (stream != null && stream.position() == draws) {
        held.add(worker);
      }
    }
    return String.join(",", held.stream().map(String::valueOf).toList());
  }

  /**
   * Each partition's worker, the same in every task: worker w goes to the first partition that holds its stream and
   * has no worker yet; the rest, in order, to the partitions left.
   */
  static int[] assignWorkers(String[] heldByPartition, int workers) {
    int partitions = heldByPartition.length;
    int[] workerOf = new int[partitions];
    java.util.Arrays.fill(workerOf, -1);
    boolean[] assigned = new boolean[workers];
    for (int worker = 0; worker < workers; worker++) {
      for (int partition = 0; partition < partitions; partition++) {
        if (workerOf[partition] < 0 && holds(heldByPartition[partition], worker)) {
          workerOf[partition] = worker;
          assigned[worker] = true;
          break;
        }
      }
    }
    int next = 0;
    for (int partition = 0; partition < partitions; partition++) {
      if (workerOf[partition] < 0) {
        while (assigned[next]) {
          next++;
        }
        workerOf[partition] = next;
        assigned[next] = true;
      }
    }
    return workerOf;
  }

  private static boolean holds(String held, int worker) {
    if (held.isEmpty()) {
      return false;
    }
    for (String id : held.split(",")) {
      if (Integer.parseInt(id) == worker) {
        return true;
      }
    }
    return false;
  }

  private static ShardStream openStream(RunPlan plan, int worker, Configuration conf) throws IOException {
    List<ParquetRows.Range> ranges = plan.shards().get(worker);
    Map<String, TrainingData.SignSample> signs = plan.embeddingsTable() == null ? null
        : PoseShards.signs(conf, plan.embeddingsTable(), PoseShards.signIds(conf, ranges));
    return new ShardStream(() -> PoseShards.read(conf, ranges, plan.layout(), signs, id -> { }), plan.seed(),
        worker, plan.shuffleBuffer());
  }

  private static Held borrowReplica(String runId) {
    Deque<Held> idle = REPLICAS.get(runId);
    return idle == null ? null : idle.poll();
  }

  /** Frees what earlier runs left in this JVM (an executor lives as long as its application; a local JVM longer). */
  private static void forgetOtherRuns(String runId) {
    for (String id : new ArrayList<>(REPLICAS.keySet())) {
      if (!id.equals(runId)) {
        Deque<Held> idle = REPLICAS.remove(id);
        if (idle != null) {
          idle.forEach(h -> h.replica().close());
        }
      }
    }
    for (String key : new ArrayList<>(STREAMS.keySet())) {
      if (!key.startsWith(runId + "/")) {
        ShardStream stream = STREAMS.remove(key);
        if (stream != null) {
          try {
            stream.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
  }
}
