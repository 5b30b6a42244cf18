package org.signwriting.animation.cli;

import picocli.CommandLine.Command;

/** {@code swa benchmark NAME}: the documented speed measurements, one subcommand each. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = "Measure throughput on real data and print it beside the reference's figure.",
    subcommands = {
      SignWritingRenderBenchmark.class,
    })
public final class BenchmarkCommand {}
