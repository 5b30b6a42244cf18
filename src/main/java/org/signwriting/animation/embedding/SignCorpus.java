package org.signwriting.animation.embedding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignLists;
import org.signwriting.animation.signwriting.SignWriting;

/** Distinct single signs out of SignWriting texts (a text may hold several signs), and their renders. */
public final class SignCorpus {
  private SignCorpus() {}

  /** A parsed sign, its FSW (the identity used for de-duplication and hold-out) and its first origin. */
  public record DistinctSign(Sign sign, String fsw, String origin) {}

  /** A sign ready for the encoder: its ink and its symbol labels. */
  public record RenderedSign(String fsw, InkImage ink, float[] labels) {}

  /**
   * The signs of a sign list ({@link SignLists}: text, one sign per line, or JSON such as the DGS corpus and
   * the fingerspelling alphabets), each named {@code FILE sign N} for messages.
   */
  public static List<SignText> fromList(Path file) throws IOException {
    List<String> texts = SignLists.read(file);
    if (texts.isEmpty()) {
      throw new IllegalArgumentException(file + ": holds no signs");
    }
    String name = file.getFileName().toString();
    List<SignText> signs = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      signs.add(new SignText(texts.get(i), name + " sign " + (i + 1)));
    }
    return signs;
  }

  /** The SignWriting of a transcription CSV's rows (blank texts skipped), each named {@code CSV:LINE}. */
  public static List<SignText> fromTranscriptionCsv(Path csv) throws IOException {
    String name = csv.getFileName().toString();
    List<SignText> signs = new ArrayList<>();
    for (TranscriptionRow row : TranscriptionCsv.read(csv)) {
      if (row.text() != null && !row.text().isBlank()) {
        signs.add(new SignText(row.text(), name + ":" + row.line()));
      }
    }
    if (signs.isEmpty()) {
      throw new IllegalArgumentException(csv + ": holds no SignWriting in its text column");
    }
    return signs;
  }

  /** Each distinct sign once, in first-seen order; a text that does not parse is named with its origin. */
  public static List<DistinctSign> distinctSigns(List<SignText> texts) {
    Map<String, DistinctSign> distinct = new LinkedHashMap<>();
    for (SignText text : texts) {
      List<Sign> signs;
      try {
        signs = SignWriting.parse(text.text());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(text.origin() + ": not SignWriting: " + e.getMessage(), e);
      }
      if (signs.isEmpty()) {
        throw new IllegalArgumentException(text.origin() + ": holds no sign");
      }
      for (Sign sign : signs) {
        String fsw = sign.toFsw();
        distinct.putIfAbsent(fsw, new DistinctSign(sign, fsw, text.origin()));
      }
    }
    return new ArrayList<>(distinct.values());
  }

  /** The signs outside ({@code heldOut = false}) or inside the evaluation hold-out. */
  public static List<DistinctSign> split(List<DistinctSign> signs, boolean heldOut) {
    return signs.stream().filter(s -> HeldOutSigns.isHeldOut(s.fsw()) == heldOut).toList();
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
}
