package org.signwriting.animation.cli;

import java.util.concurrent.Callable;
import org.signwriting.animation.spark.PoseStatsJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swa pose-stats}: the normalization statistics of the prepared poses. */
@Command(name = "pose-stats", mixinStandardHelpOptions = true,
    description = {
        "Spark job: the pose statistics that training normalizes with. The mean and",
        "standard deviation of every point and dimension over one split (train) of",
        "the prepare-poses output, ignoring masked points (confidence 0).",
        "",
        "Writes OUTPUT/stats (Parquet: point, component, name, dim, mean, std, count),",
        "OUTPUT/pose_stats.json (the layout of pose_normalization.json:",
        "{component: {point: {mean, std, count}}}), OUTPUT/_rejected (rows whose layout",
        "differs from the split's most common one) and OUTPUT/_summary.json. OUTPUT is",
        "replaced atomically.",
        "",
        "Example:",
        "  swa pose-stats --input prepared/ --output stats/"
    })
final class PoseStatsCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "DIR",
      description = "The output folder of prepare-poses.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where to write the statistics.")
  String output;

  @Option(names = "--split", defaultValue = "train", paramLabel = "NAME",
      description = "The split to compute them over (default: ${DEFAULT-VALUE}).")
  String split;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    return spark.run("swa pose-stats", session -> PoseStatsJob.run(session, input, split, output));
  }
}
