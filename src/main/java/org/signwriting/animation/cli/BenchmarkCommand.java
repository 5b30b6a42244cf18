package org.signwriting.animation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swa benchmark ...}: the project's documented throughput measurements. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    header = "Measure throughput; each subcommand prints its figures.",
    subcommands = {PoseDecodeBenchmark.class, DiffusionBenchmarkCommand.class, CommandLine.HelpCommand.class})
public final class BenchmarkCommand {}
