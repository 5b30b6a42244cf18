package org.signwriting.animation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swa benchmark NAME}: the documented throughput measurements, one subcommand each. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Measures throughput and prints the figures (run on an otherwise idle machine for stable numbers)."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      EmbeddingBenchmarkCommand.class,
    })
public final class BenchmarkCommand {}
