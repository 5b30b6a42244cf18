package org.signwriting.animation.benchmark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swa benchmark NAME}: the project's documented throughput measurements, one subcommand each. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    header = "Measure throughput; each subcommand prints its figures.",
    subcommands = {
      CommandLine.HelpCommand.class,
      PoseDecodeBenchmark.class,
      SignWritingBenchmark.class,
      PreparePosesBenchmark.class,
      DiffusionBenchmark.class,
      EmbeddingBenchmark.class,
      ServeBenchmark.class,
      TrainScalingBenchmark.class,
    })
public final class BenchmarkCommand {}
