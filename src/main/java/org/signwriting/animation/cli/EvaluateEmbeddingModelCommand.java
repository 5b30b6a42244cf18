package org.signwriting.animation.cli;

import org.signwriting.animation.io.InputPaths;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.util.AtomicFiles;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.TorchThreads;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.embedding.EmbeddingConfig;
import org.signwriting.animation.embedding.EmbeddingQuality;
import org.signwriting.animation.embedding.EncoderInput;
import org.signwriting.animation.embedding.EncoderModel;
import org.signwriting.animation.embedding.HeldOutSigns;
import org.signwriting.animation.embedding.SignCorpus;
import org.signwriting.animation.embedding.SignEmbedder;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.embedding.SignImageSource;
import org.signwriting.animation.embedding.SignText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa evaluate-embedding-model}: quality of an embedding model on held-out signs. */
@Command(
    name = "evaluate-embedding-model",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures how well an embedding model captures what signs say.",
      "",
      "Uses the signs that train-embedding-model holds out: those of the test rows",
      "of a transcription CSV (--transcription-csv-path: the CSV's own test split),",
      "and one in " + HeldOutSigns.ONE_IN + " of the signs of a sign list (--signs, by a checksum of",
      "the FSW). Signs the model recorded as trained on are left out. Baselines in",
      "the same run: the downsampled 224x224 image, and the downsampled ink crop",
      "the encoder sees.",
      "",
      "  recall@1     each sign is rendered plainly and with a harmless change",
      "               (shift up to 9 px, scale 0.9-1.1x, bolder or thinner lines);",
      "               the changed render's nearest plain render (cosine) among all",
      "               held-out signs must be its own.",
      "  probe AUC    ridge-regression probes fitted on plain renders of the",
      "               list's other signs read symbol presence from the held-out",
      "               signs' changed renders: ISWA symbol groups, and exact base",
      "               symbols used by at least 8 held-out signs. Mean ROC AUC",
      "               (0.5 is chance, 1 is perfect).",
      "",
      "Examples:",
      "  swa evaluate-embedding-model --model models/emb \\",
      "      --signs dgs-hamnosys-signwriting-parallel.json",
      "  swa evaluate-embedding-model --model models/emb \\",
      "      --transcription-csv-path signwriting-transcription-2024.csv"
    })
public final class EvaluateEmbeddingModelCommand implements Callable<Integer> {

  @Option(names = {"--model", "--embedding-model-weights-path"}, required = true, paramLabel = "PATH",
      description = "A model folder from train-embedding-model, or a TorchScript image encoder file.")
  String model;

  @Option(names = "--signs", paramLabel = "FILE",
      description = "Sign list (same formats as train-embedding-model --extra-signs); its held-out "
          + "part is used.")
  String signs;

  @Mixin TranscriptionCsvOption transcriptions;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "N",
      description = "Seed of the jittered renders (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--probe-signs", defaultValue = "2000", paramLabel = "N",
      description = "Fit the linear probes on at most N of the list's other signs (default: "
          + "${DEFAULT-VALUE}).")
  int probeSigns;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Mixin TorchThreads torchThreads;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    torchThreads.apply();
    Inputs inputs = Inputs.local();
    String transcriptionCsv = transcriptions.optional(inputs);
    if (signs == null && transcriptionCsv == null) {
      throw new IllegalArgumentException("no signs to evaluate on: give --signs and/or --transcription-csv-path");
    }
    if (json != null) {
      InputPaths.requireApart(json, "output", Arrays.asList(transcriptionCsv, signs, model),
          "write the figures to another file (an input is never written over)");
    }
    List<SignText> texts = new ArrayList<>();
    if (transcriptionCsv != null) {
      texts.addAll(SignCorpus.fromTranscriptionCsv(inputs, transcriptionCsv));
    }
    if (signs != null) {
      texts.addAll(SignCorpus.fromList(inputs, signs));
    }
    List<SignCorpus.DistinctSign> distinct = SignCorpus.distinctSigns(texts);
    Path modelPath = inputs.local(SignEmbedders.resolve(inputs, model));
    Set<String> trainedOn = SignCorpus.trainedSigns(modelPath);
    List<SignCorpus.DistinctSign> heldOut = SignCorpus.split(distinct, true).stream()
        .filter(s -> !trainedOn.contains(s.fsw())).toList();
    int seen = SignCorpus.split(distinct, true).size() - heldOut.size();
    List<SignCorpus.DistinctSign> others = SignCorpus.split(distinct, false);
    List<SignCorpus.DistinctSign> probeTraining = others.subList(0, Math.min(probeSigns, others.size()));
    EmbeddingQuality.Report report;
    try (SignEmbedder embedder = SignEmbedders.open(modelPath, model);
        ProgressBar bar = ConsoleProgress.bar("evaluate", EmbeddingQuality.PHASES)) {
      // The pixel baseline crops like the trained encoder; a TorchScript model gets the default crop.
      EmbeddingConfig config = embedder instanceof EncoderModel trained
          ? trained.config() : EmbeddingConfig.load(EmbeddingConfig.defaultFile());
      report = EmbeddingQuality.evaluate(embedder, heldOut, probeTraining, SignImageSource.rendered(),
          new EncoderInput(config), seed, bar::step);
    }
    String source = Stream.of(transcriptionCsv, signs).filter(p -> p != null)
        .map(Inputs::name).collect(Collectors.joining(" and "));
    out.printf(Locale.ROOT, "%d held-out signs of %s%s; probes fitted on %d other signs, scored on %d; "
            + "%d symbol groups and %d base symbols probed%n",
        report.signs(), source, seen == 0 ? "" : " (" + seen + " more left out: the model was trained on them)",
        report.probeTrainSigns(), report.probeTestSigns(), report.probedGroups(), report.probedSymbols());
    out.printf(Locale.ROOT, "%-62s %6s %9s %10s %11s%n", "representation", "dims", "recall@1",
        "groups AUC", "symbols AUC");
    for (EmbeddingQuality.Result result : report.results()) {
      out.printf(Locale.ROOT, "%-62s %6d %9.3f %10.3f %11.3f%n", shorten(result.method(), 62),
          result.dimensions(), result.recallAt1(), result.groupProbeAuc(), result.symbolProbeAuc());
    }
    if (json != null) {
      byte[] figures = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
          .toJson(report).getBytes(StandardCharsets.UTF_8);
      AtomicFiles.write(json, stream -> stream.write(figures));
    }
    out.flush();
    return 0;
  }

  private static String shorten(String text, int width) {
    return text.length() <= width ? text : "…" + text.substring(text.length() - width + 1);
  }
}
