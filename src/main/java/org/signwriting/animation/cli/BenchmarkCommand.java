package org.signwriting.animation.cli;

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
      SignWritingRenderBenchmark.class,
      PreparePosesBenchmark.class,
      EmbeddingBenchmarkCommand.class,
      DiffusionBenchmarkCommand.class,
    })
public final class BenchmarkCommand {}
