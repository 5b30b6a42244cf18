package org.signwriting.animation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The documented benchmarks, one subcommand each; speed is measured here, never in the tests. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the speed of a component on this machine and print its figures.",
      "Run 'swa benchmark COMMAND --help' for what each one measures."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      DiffusionBenchmarkCommand.class,
    })
public final class BenchmarkCommand {}
