package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.signwriting.animation.cli.SwaRun.swa;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.embedding.SignCorpus;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.embedding.SignText;
import org.signwriting.animation.testing.SharedData;

/** The embedding commands end to end, with a tiny encoder so they take seconds. */
class EmbeddingCommandsTest {
  @TempDir static Path dir;
  static Path config;
  static Path signs;
  static Path model;



  @BeforeAll
  static void trainTinyModel() throws IOException {
    config = Files.writeString(dir.resolve("tiny.json"), """
        {"inputSize": 16, "stageChannels": [4, 8], "embeddingSize": 8,
         "training": {"batchSize": 4, "epochs": 2, "maxSteps": 100}}
        """);
    signs = Files.writeString(dir.resolve("signs.txt"), String.join("\n",
        "M549x518S17600532x453S21d00531x442S2ff00482x483S26503517x469",
        "M522x525S10e20478x474S20356478x510",
        "M507x507S1f720487x492",
        "M508x507S16d20491x487",
        "M518x529S14c20481x471S27106503x489",
        "M513x507S1ce20491x477",
        "M524x515S18210501x500S18218476x500S20600489x486",
        "M508x507S10120492x477",
        "𝠃𝤒𝤖񁲡𝣻𝣷"));
    model = dir.resolve("model");
    SwaRun run = swa("train-embedding-model", "--extra-signs", signs.toString(), "--model-folder", model.toString(),
        "--config", config.toString(), "--max-steps", "3", "--seed", "5");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("trained 3 steps on "), run.out());
  }

  @Test
  void trainingWritesTheModelAndTheCurve() throws IOException {
    assertTrue(Files.isRegularFile(model.resolve("embedding_model/encoder.params")));
    assertTrue(Files.isRegularFile(model.resolve("embedding_model/config.json")));
    assertTrue(Files.isRegularFile(model.resolve("embedding_training.png")));
    assertTrue(Files.isRegularFile(model.resolve("embedding_training.csv")));
    // Written whole or not at all (a temporary file moved into place), with the permissions of a new file.
    String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(
        Files.createFile(dir.resolve("plain-" + System.nanoTime()))));
    for (String file : List.of(SignCorpus.TRAINED_SIGNS_FILE, "embedding_training.png", "embedding_training.csv")) {
      assertEquals(plain, PosixFilePermissions.toString(Files.getPosixFilePermissions(model.resolve(file))), file);
    }
    try (Stream<Path> files = Files.list(model)) {
      assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "no temporary files left");
    }
  }

  /**
   * Seen: retraining with {@code --extra-signs MODEL/embedding_training_signs.txt} into the same model folder
   * rewrote that input while reading it. The model folder is checked against every input (InputPaths.requireApart)
   * before anything is read or written.
   */
  @Test
  void aModelFolderOverlappingAnInputIsOneLineAndChangesNothing() throws IOException {
    Path trainedSigns = model.resolve(SignCorpus.TRAINED_SIGNS_FILE);
    Map<Path, FileTime> before = modified(model);
    String advice = "; choose a model folder outside the inputs (training never writes into, or over, what it reads)";
    SwaRun run = swa("train-embedding-model", "--extra-signs", signs.toString(), trainedSigns.toString(),
        "--model-folder", model.toString(), "--config", config.toString(), "--max-steps", "1");
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("error: " + model + ": the model folder contains the input " + trainedSigns + advice + "\n",
        run.err());
    assertEquals(before, modified(model), "nothing in the model folder changed");
    // The CSV as a file: URI inside the model folder; the folder holding the inputs; a sign list as the folder.
    Path data = Files.createDirectories(dir.resolve("data"));
    Path csv = Files.copy(SharedData.path("transcription/data_subset.csv"), data.resolve("data.csv"));
    run = swa("train-embedding-model", "--transcription-csv-path", csv.toUri().toString(), "--model-folder",
        data.toString(), "--config", config.toString());
    assertEquals("error: " + data + ": the model folder contains the input " + csv.toUri() + advice,
        run.err().strip());
    run = swa("train-embedding-model", "--extra-signs", signs.toString(), "--model-folder", dir.toString(),
        "--config", config.toString());
    assertEquals("error: " + dir + ": the model folder contains the input " + signs + advice, run.err().strip());
    run = swa("train-embedding-model", "--extra-signs", signs.toString(), "--model-folder", signs.toString(),
        "--config", config.toString());
    assertEquals("error: " + signs + ": the model folder is the input " + signs + advice, run.err().strip());
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(List.of(csv), files.toList(), "nothing written beside the CSV");
    }
    assertTrue(Files.isRegularFile(signs) && Files.isRegularFile(config));
  }

  /** evaluate-embedding-model --json is an output too: never one of its inputs, written whole. */
  @Test
  void evaluationFiguresAreNeverWrittenOverAnInput() throws IOException {
    List<SignText> dgs = SignCorpus.fromList(SharedData.path("signwriting/dgs-hamnosys-signwriting-parallel.json"));
    Path list = Files.write(dir.resolve("dgs200.txt"), dgs.subList(0, 200).stream().map(SignText::text).toList());
    String before = Files.readString(list);
    SwaRun run = swa("evaluate-embedding-model", "--model", model.toString(), "--signs", list.toString(),
        "--probe-signs", "40", "--json", list.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("error: " + list + ": the output is the input " + list + "; write the figures to another file (an "
        + "input is never written over)", run.err().strip());
    assertEquals(before, Files.readString(list));
  }

  /**
   * Seen: a remote CSV (read through Hadoop, here a file: URI) was read from a local temporary copy, so a bad row
   * was named in {@code /tmp/swa-inputs.../data.csv}. The strict readers stream it and name it as given.
   */
  @Test
  void aBadRowOfARemoteCsvIsNamedInTheCsvAsGiven() throws IOException {
    Path csv = Files.writeString(dir.resolve("remote.csv"), String.join("\n",
        "pose,videoLanguage,start,end,text,split",
        "a.pose,ase,0,100,M507x507S1f720487x492,train",
        "b.pose,ase,500,100,M508x507S16d20491x487,train", ""));
    String uri = csv.toUri().toString();
    assertTrue(uri.startsWith("file:/"), uri);
    String expected = "error: " + uri + ": line 3, column 'end': end 100 ms is before start 500 ms";
    SwaRun run = swa("train-embedding-model", "--transcription-csv-path", uri, "--model-folder",
        dir.resolve("remote-model").toString(), "--config", config.toString(), "--max-steps", "1");
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(expected, run.err().strip());
    run = swa("evaluate-embedding-model", "--model", model.toString(), "--transcription-csv-path", uri);
    assertEquals(expected, run.err().strip());
    Path empty = Files.writeString(dir.resolve("empty-list.txt"), "\n\n");
    run = swa("train-embedding-model", "--extra-signs", empty.toUri().toString(), "--model-folder",
        dir.resolve("remote-model").toString(), "--config", config.toString());
    assertEquals("error: " + empty.toUri() + ": holds no signs", run.err().strip());
    assertFalse(Files.exists(dir.resolve("remote-model")));
  }

  private static Map<Path, FileTime> modified(Path folder) throws IOException {
    Map<Path, FileTime> times = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.toList()) {
        times.put(file, Files.getLastModifiedTime(file));
      }
    }
    return times;
  }

  @Test
  void theSeedsTwoRowCsvTrainsBothSignsAndRecordsThem() throws IOException {
    Path folder = dir.resolve("seed");
    SwaRun run = swa("train-embedding-model", "--transcription_csv_path",
        SharedData.path("transcription/data_subset.csv").toString(), "--model_folder", folder.toString(),
        "--config", config.toString(), "--max-steps", "2");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("trained 2 steps on 2 signs"), run.out());
    assertEquals(2, Files.readAllLines(folder.resolve(SignCorpus.TRAINED_SIGNS_FILE)).size());
    // The seed's --embedding_model_weights_path FOLDER/embedding_model.pth names the model folder.
    assertEquals(folder.toAbsolutePath(), SignEmbedders.resolve(folder.resolve("embedding_model.pth")));
    Path absent = dir.resolve("absent/embedding_model.pth");
    assertEquals(absent, SignEmbedders.resolve(absent));
  }

  @Test
  void evaluationOnTheCsvsOwnTestSplit() throws IOException {
    // 40 test rows and 80 train rows of the real 9,983-row corpus.
    List<String> lines = Files.readAllLines(SharedData.path("transcription/signwriting-transcription-2024.csv"));
    List<String> subset = new java.util.ArrayList<>(List.of(lines.get(0)));
    subset.addAll(lines.stream().skip(1).filter(l -> l.endsWith(",test")).limit(40).toList());
    subset.addAll(lines.stream().skip(1).filter(l -> l.endsWith(",train")).limit(80).toList());
    Path csv = Files.write(dir.resolve("corpus-subset.csv"), subset);
    List<SignCorpus.DistinctSign> distinct = SignCorpus.distinctSigns(SignCorpus.fromTranscriptionCsv(csv));
    long test = SignCorpus.split(distinct, true).size();
    assertTrue(test >= 30, "distinct signs of the test rows: " + test);
    SwaRun run = swa("evaluate-embedding-model", "--model", model.toString(), "--transcription-csv-path",
        csv.toString(), "--probe-signs", "60");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith(test + " held-out signs of corpus-subset.csv; probes fitted on 60 other signs"),
        run.out());
  }

  @Test
  void epochsBoundTheRun() {
    SwaRun run = swa("train-embedding-model", "--extra-signs", signs.toString(), "--model-folder",
        dir.resolve("epochs").toString(), "--config", config.toString(), "--epochs", "1");
    assertEquals(0, run.exitCode(), run.err());
    // The signs outside the hold-out make 2 batches of 4.
    assertTrue(run.out().startsWith("trained 2 steps on "), run.out());
  }

  @Test
  void aSignThatDoesNotParseIsNamedInOneLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.txt"), "M507x507S1f720487x492\nM507x507S1f7\n");
    SwaRun run = swa("train-embedding-model", "--extra-signs", bad.toString(), "--model-folder",
        dir.resolve("bad").toString(), "--config", config.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("error: bad.txt sign 2: not SignWriting: "), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  @Test
  void missingInputsAreExplained() {
    SwaRun run = swa("train-embedding-model", "--model-folder", dir.resolve("x").toString());
    assertEquals(1, run.exitCode());
    assertEquals("error: no signs to train on: give --transcription-csv-path and/or --extra-signs",
        run.err().strip());
    run = swa("evaluate-embedding-model", "--model", model.toString());
    assertEquals("error: no signs to evaluate on: give --signs and/or --transcription-csv-path", run.err().strip());
    run = swa("train-embedding-model", "--extra-signs", dir.resolve("absent.txt").toString(),
        "--model-folder", dir.resolve("x").toString(), "--config", config.toString());
    assertEquals("error: " + dir.resolve("absent.txt") + ": no such file", run.err().strip());
    run = swa("evaluate-embedding-model", "--model", dir.resolve("nothing").toString(), "--signs", signs.toString());
    assertEquals(1, run.exitCode());
  }

  @Test
  void evaluationReportsTheModelBesideThePixelBaselines() throws IOException {
    // The first 400 real DGS signs keep the test short; about one in ten of them is held out.
    List<SignText> dgs = SignCorpus.fromList(SharedData.path("signwriting/dgs-hamnosys-signwriting-parallel.json"));
    Path list = Files.write(dir.resolve("dgs400.txt"), dgs.subList(0, 400).stream().map(SignText::text).toList());
    long heldOut = SignCorpus.split(SignCorpus.distinctSigns(dgs.subList(0, 400)), true).size();
    Path json = dir.resolve("quality.json");
    // A model read through Hadoop (a file: URI) is evaluated from a local copy, and named as given.
    String uri = model.toUri().toString();
    SwaRun run = swa("evaluate-embedding-model", "--model", uri, "--signs", list.toString(),
        "--probe-signs", "60", "--json", json.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith(heldOut + " held-out signs of dgs400.txt; probes fitted on 60 other signs, "
        + "scored on " + heldOut), run.out());
    JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertEquals(3, report.getAsJsonArray("results").size());
    assertEquals("trained encoder " + uri + " (16×16 input, 8 dimensions)",
        report.getAsJsonArray("results").get(0).getAsJsonObject().get("method").getAsString());
    for (var result : report.getAsJsonArray("results")) {
      double recall = result.getAsJsonObject().get("recallAt1").getAsDouble();
      assertTrue(recall > 0 && recall <= 1, result.toString());
    }
  }

  @Test
  void prepareEmbeddingsChecksItsModelBeforeStartingSpark() {
    Path csv = SharedData.path("transcription/data_subset.csv");
    SwaRun run = swa("prepare-embeddings", "--transcription-csv-path", csv.toString(),
        "--embedding-model-weights-path", signs.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, run.exitCode());
    assertEquals("error: " + signs + ": neither a model folder with embedding_model/ (from train-embedding-model) "
        + "nor a TorchScript file", run.err().strip());
    run = swa("prepare-embeddings", "--transcription-csv-path", csv.toString(), "--embedding-model-weights-path",
        model.toString(), "--output", dir.resolve("out").toString(), "--batch-size", "0");
    assertEquals("error: --batch-size must be at least 1, not 0", run.err().strip());
  }

  @Test
  void benchmarkPrintsImagesPerSecond() {
    SwaRun run = swa("benchmark", "embedding", "--model", model.toString(), "--signs", signs.toString(),
        "--batch-size", "4");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("embed only:"), run.out());
    assertTrue(run.out().contains("render + embed:"), run.out());
  }
}
