package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.testing.SharedData;

class SignCorpusTest {
  @TempDir Path dir;

  @Test
  void listEntriesAreNamedByFileAndPosition() throws IOException {
    Path list = Files.writeString(dir.resolve("signs.txt"), "M507x507S1f720487x492\n\nM508x507S16d20491x487\n");
    assertEquals(List.of(new SignText("M507x507S1f720487x492", "signs.txt sign 1"),
        new SignText("M508x507S16d20491x487", "signs.txt sign 2")), SignCorpus.fromList(list));
    Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignCorpus.fromList(empty));
    assertEquals(empty + ": holds no signs", e.getMessage());
  }

  @Test
  void transcriptionRowsAreNamedByLine() throws IOException {
    List<SignText> signs = SignCorpus.fromTranscriptionCsv(SharedData.path("transcription/data_subset.csv"));
    assertEquals(2, signs.size());
    assertEquals(new SignText("𝠃𝤒𝤖񁲡𝣻𝣷", "data_subset.csv:2", "train"), signs.get(0));
  }

  @Test
  void theCsvSplitDecidesTheHoldOutSoATwoRowCsvTrainsBothSigns() throws IOException {
    List<SignCorpus.DistinctSign> sample = SignCorpus.distinctSigns(
        SignCorpus.fromTranscriptionCsv(SharedData.path("transcription/data_subset.csv")));
    // Both rows are train rows; by the list rule (a checksum), one of the two would be held out.
    assertEquals(1, sample.stream().filter(s -> HeldOutSigns.isHeldOut(s.fsw())).count());
    assertEquals(2, SignCorpus.split(sample, false).size());

    String trainAndTest = "M507x507S1f720487x492";
    String listOnly = sample.stream().filter(s -> HeldOutSigns.isHeldOut(s.fsw())).findFirst().orElseThrow().fsw();
    List<SignCorpus.DistinctSign> mixed = SignCorpus.distinctSigns(List.of(
        new SignText(trainAndTest, "data.csv:2", "train"),
        new SignText(trainAndTest, "data.csv:3", "test"),
        new SignText(listOnly, "list.txt sign 1"),
        new SignText(listOnly, "data.csv:4", "dev")));
    assertEquals(List.of(true, false), mixed.stream().map(SignCorpus.DistinctSign::heldOut).toList(),
        "a sign of a test row is held out even when a train row has it; a dev row's sign is trained on");
  }

  @Test
  void aModelRecordsTheSignsItWasTrainedOn() throws IOException {
    List<SignCorpus.DistinctSign> signs = SignCorpus.distinctSigns(List.of(
        new SignText("M508x507S16d20491x487", "a"), new SignText("M507x507S1f720487x492", "b")));
    SignCorpus.writeTrainedSigns(dir, signs);
    assertEquals(java.util.Set.of("M508x507S16d20491x487", "M507x507S1f720487x492"), SignCorpus.trainedSigns(dir));
    assertEquals(SignCorpus.trainedSigns(dir), SignCorpus.trainedSigns(dir.resolve(EncoderModel.FOLDER)));
    assertEquals(java.util.Set.of(), SignCorpus.trainedSigns(dir.resolve("elsewhere")));
  }

  @Test
  void distinctSignsSplitTextsAndDropRepeats() {
    String first = "M507x507S1f720487x492";
    String second = "M508x507S16d20491x487";
    List<SignCorpus.DistinctSign> signs = SignCorpus.distinctSigns(List.of(
        new SignText(first + " " + second, "a"),
        new SignText(SignWriting.toSwu(first), "b"),
        new SignText(second, "c")));
    // The SWU text is the first sign again, the last text the second one.
    assertEquals(List.of(first, second), signs.stream().map(SignCorpus.DistinctSign::fsw).toList());
    assertEquals(List.of("a", "a"), signs.stream().map(SignCorpus.DistinctSign::origin).toList());
  }

  @Test
  void unparsableTextIsNamedWithItsOrigin() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SignCorpus.distinctSigns(List.of(new SignText("M507x507S1f7", "list.txt sign 4"))));
    assertTrue(e.getMessage().startsWith("list.txt sign 4: not SignWriting: "), e.getMessage());
  }

  @Test
  void oneDgsSignInTenIsHeldOut() throws IOException {
    List<SignCorpus.DistinctSign> dgs = SignCorpus.distinctSigns(
        SignCorpus.fromList(SharedData.path("signwriting/dgs-hamnosys-signwriting-parallel.json")));
    assertEquals(3479, dgs.size());
    assertEquals(334, SignCorpus.split(dgs, true).size());
    assertEquals(3479 - 334, SignCorpus.split(dgs, false).size());
  }
}
