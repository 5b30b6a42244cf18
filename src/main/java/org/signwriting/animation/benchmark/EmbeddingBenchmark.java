package org.signwriting.animation.benchmark;

import org.signwriting.animation.util.ConsoleProgress;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.signwriting.animation.util.TorchThreads;
import org.signwriting.animation.util.OptionValues;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.embedding.SignCorpus;
import org.signwriting.animation.embedding.SignEmbedder;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.embedding.SignImageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa benchmark embedding}: images per second of one embedding model in one JVM. */
@Command(
    name = "embedding",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Images per second of one executor's embedding work, in one JVM.",
      "",
      "The model-input images of the signs are embedded in batches (after one",
      "warm-up batch); then the same signs are rendered and embedded, batch after",
      "batch, as a prepare-embeddings task does. Prints images/s of both.",
      "",
      "Example:",
      "  swa benchmark embedding --model models/emb --torch-threads 1 \\",
      "      --signs dgs-hamnosys-signwriting-parallel.json"
    })
final class EmbeddingBenchmark implements Callable<Integer> {

  @Option(names = {"--model", "--embedding-model-weights-path"}, required = true, paramLabel = "PATH",
      description = "A model folder from train-embedding-model, or a TorchScript image encoder file.")
  Path model;

  @Option(names = "--signs", required = true, paramLabel = "FILE",
      description = "The signs to embed (a sign list, as for train-embedding-model --extra-signs).")
  Path signs;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--limit", defaultValue = "2048", paramLabel = "N",
      description = "Embed at most N distinct signs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin TorchThreads torchThreads;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    torchThreads.apply();
    OptionValues.atLeast("--batch-size", batchSize, 1);
    OptionValues.atLeast("--limit", limit, 1);
    List<SignCorpus.DistinctSign> distinct = SignCorpus.distinctSigns(SignCorpus.fromList(signs));
    distinct = distinct.subList(0, Math.min(limit, distinct.size()));
    SignImageSource source = SignImageSource.rendered();
    List<BufferedImage> images = new ArrayList<>(distinct.size());
    for (SignCorpus.DistinctSign sign : distinct) {
      images.add(source.modelInputImage(sign.sign()));
    }
    String described;
    double embedSeconds;
    double endToEndSeconds;
    try (SignEmbedder embedder = SignEmbedders.open(model);
        ProgressBar bar = ConsoleProgress.bar("benchmark", 2L * images.size())) {
      described = embedder.describe();
      embedder.embed(images.subList(0, Math.min(batchSize, images.size())));
      long start = System.nanoTime();
      for (int i = 0; i < images.size(); i += batchSize) {
        List<BufferedImage> batch = images.subList(i, Math.min(images.size(), i + batchSize));
        embedder.embed(batch);
        bar.stepBy(batch.size());
      }
      embedSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      for (int i = 0; i < distinct.size(); i += batchSize) {
        List<BufferedImage> batch = new ArrayList<>();
        for (SignCorpus.DistinctSign sign : distinct.subList(i, Math.min(distinct.size(), i + batchSize))) {
          batch.add(source.modelInputImage(sign.sign()));
        }
        embedder.embed(batch);
        bar.stepBy(batch.size());
      }
      endToEndSeconds = (System.nanoTime() - start) / 1e9;
    }
    out.printf(Locale.ROOT, "%s, batch %d, %d images, %d cores available%n", described, batchSize,
        images.size(), Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "embed only:        %8.1f images/s%n", images.size() / embedSeconds);
    out.printf(Locale.ROOT, "render + embed:    %8.1f images/s%n", images.size() / endToEndSeconds);
    out.flush();
    return 0;
  }
}
