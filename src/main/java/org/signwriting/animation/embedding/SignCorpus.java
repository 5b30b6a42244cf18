package org.signwriting.animation.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignLists;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.util.AtomicFiles;

/** Distinct single signs out of SignWriting texts (a text may hold several signs), and their renders. */
public final class SignCorpus {
  /** Beside a model folder's {@code embedding_model/}: the FSW of every sign it was trained on, one per line. */
  public static final String TRAINED_SIGNS_FILE = "embedding_training_signs.txt";

  private SignCorpus() {}

  /**
   * A parsed sign, its FSW (the identity used for de-duplication and hold-out), its first origin, and whether
   * it is held out of training ({@link HeldOutSigns}).
   */
  public record DistinctSign(Sign sign, String fsw, String origin, boolean heldOut) {}

  /** A sign ready for the encoder: its ink and its symbol labels. */
  public record RenderedSign(String fsw, InkImage ink, float[] labels) {}

  /**
   * The signs of a sign list ({@link SignLists}: text, one sign per line, or JSON such as the DGS corpus and
   * the fingerspelling alphabets), each named {@code FILE sign N} for messages.
   */
  public static List<SignText> fromList(Path file) throws IOException {
    return fromList(Inputs.local(), file.toString());
  }

  /**
   * As {@link #fromList(Path)}, for a location read through {@code inputs} (a path or a URI), streamed so that
   * messages name it as given.
   */
  public static List<SignText> fromList(Inputs inputs, String location) throws IOException {
    List<String> texts;
    try (InputStream in = inputs.open(location)) {
      texts = SignLists.read(location, in);
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException(location + ": holds no signs");
    }
    String name = Inputs.name(location);
    List<SignText> signs = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      signs.add(new SignText(texts.get(i), name + " sign " + (i + 1)));
    }
    return signs;
  }

  /**
   * The SignWriting of a transcription CSV's rows (blank texts skipped), each named {@code CSV:LINE} and
   * carrying its row's split.
   */
  public static List<SignText> fromTranscriptionCsv(Path csv) throws IOException {
    return fromTranscriptionCsv(Inputs.local(), csv.toString());
  }

  /**
   * As {@link #fromTranscriptionCsv(Path)}, for a location read through {@code inputs} (a path or a URI), streamed
   * so that a bad row is named in the CSV as given (not in a local copy of it).
   */
  public static List<SignText> fromTranscriptionCsv(Inputs inputs, String location) throws IOException {
    List<TranscriptionRow> rows;
    try (InputStream in = inputs.open(location)) {
      rows = TranscriptionCsv.read(location, in);
    }
    String name = Inputs.name(location);
    List<SignText> signs = new ArrayList<>();
    for (TranscriptionRow row : rows) {
      if (row.text() != null && !row.text().isBlank()) {
        signs.add(new SignText(row.text(), name + ":" + row.line(), row.split()));
      }
    }
    if (signs.isEmpty()) {
      throw new IllegalArgumentException(location + ": holds no SignWriting in its text column");
    }
    return signs;
  }

  /** Each distinct sign once, in first-seen order; a text that does not parse is named with its origin. */
  public static List<DistinctSign> distinctSigns(List<SignText> texts) {
    Map<String, Sign> signs = new LinkedHashMap<>();
    Map<String, String> origins = new HashMap<>();
    Map<String, Set<String>> splits = new HashMap<>();
    for (SignText text : texts) {
      List<Sign> parsed;
      try {
        parsed = SignWriting.parse(text.text());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(text.origin() + ": not SignWriting: " + e.getMessage(), e);
      }
      if (parsed.isEmpty()) {
        throw new IllegalArgumentException(text.origin() + ": holds no sign");
      }
      for (Sign sign : parsed) {
        String fsw = sign.toFsw();
        signs.putIfAbsent(fsw, sign);
        origins.putIfAbsent(fsw, text.origin());
        if (text.split() != null) {
          splits.computeIfAbsent(fsw, k -> new HashSet<>()).add(text.split());
        }
      }
    }
    List<DistinctSign> distinct = new ArrayList<>(signs.size());
    signs.forEach((fsw, sign) -> distinct.add(new DistinctSign(sign, fsw, origins.get(fsw),
        HeldOutSigns.isHeldOut(fsw, splits.getOrDefault(fsw, Set.of())))));
    return distinct;
  }

  /** The signs outside ({@code heldOut = false}) or inside the evaluation hold-out. */
  public static List<DistinctSign> split(List<DistinctSign> signs, boolean heldOut) {
    return signs.stream().filter(s -> s.heldOut() == heldOut).toList();
  }

  /**
   * Renders every sign (in parallel: rendering is thread-safe), keeping the list's order; {@code done}
   * hears about each finished sign.
   */
  public static List<RenderedSign> render(List<DistinctSign> signs, SignImageSource images, Runnable done) {
    return signs.parallelStream()
        .map(s -> {
          RenderedSign rendered = new RenderedSign(s.fsw(), InkImage.of(images.modelInputImage(s.sign())),
              SymbolLabels.of(s.sign()));
          done.run();
          return rendered;
        })
        .toList();
  }

  /**
   * Records the signs a model was trained on, so that an evaluation can leave them out; written whole or not at
   * all ({@link AtomicFiles}).
   */
  public static void writeTrainedSigns(Path modelFolder, List<DistinctSign> trained) throws IOException {
    Files.createDirectories(modelFolder);
    byte[] lines = trained.stream().map(DistinctSign::fsw).sorted().map(fsw -> fsw + "\n")
        .collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(modelFolder.resolve(TRAINED_SIGNS_FILE), out -> out.write(lines));
  }

  /**
   * The FSW of the signs the model at {@code model} (a model folder or its {@code embedding_model/}) was trained
   * on, or an empty set when it did not record them (e.g. a TorchScript file).
   */
  public static Set<String> trainedSigns(Path model) throws IOException {
    Path folder = model.getFileName() != null && model.getFileName().toString().equals(EncoderModel.FOLDER)
        ? model.toAbsolutePath().getParent() : model;
    Path file = folder.resolve(TRAINED_SIGNS_FILE);
    return Files.isRegularFile(file) ? new HashSet<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : Set.of();
  }
}
