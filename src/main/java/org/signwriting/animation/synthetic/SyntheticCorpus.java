package org.signwriting.animation.synthetic;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The rules of a synthetic corpus: which split a sign goes to, the seed and file name of each variation, and the
 * note that every corpus carries to say its poses are synthetic.
 */
public final class SyntheticCorpus {
  /** Every synthetic pose file's name starts with this. */
  public static final String POSE_PREFIX = "synthetic-";
  /** The pose files' folder inside a corpus. */
  public static final String POSES_FOLDER = "poses";
  /** The transcription CSV of a corpus, in sign/data's layout. */
  public static final String CSV_FILE = "data.csv";
  /** The corpus's description (machine-readable). */
  public static final String MARKER_FILE = "_synthetic.json";
  public static final String README_FILE = "README.md";
  /** Splits from the most to the least held out: a sign in several splits goes to the first of them. */
  public static final List<String> SPLITS = List.of("test", "dev", "train");

  private SyntheticCorpus() {}

  /**
   * The split of a sign whose rows name {@code splits}: the most held-out of them ({@code test}, then
   * {@code dev}, then {@code train}), so that no test sign is ever trained on; an unknown split name is kept
   * when it is the only one.
   */
  public static String splitOf(Collection<String> splits) {
    for (String split : SPLITS) {
      if (splits.contains(split)) {
        return split;
      }
    }
    return splits.stream().sorted().findFirst().orElseThrow(() -> new IllegalArgumentException("no split"));
  }

  /**
   * The split of a sign from a list without splits: by the CRC-32 of its FSW, one in ten {@code test} (the
   * signs the embedding model holds out too), one in ten {@code dev}, the rest {@code train}.
   */
  public static String splitOf(String fsw) {
    CRC32 crc = new CRC32();
    crc.update(fsw.getBytes(StandardCharsets.UTF_8));
    long bucket = crc.getValue() % 10;
    return bucket == 0 ? "test" : bucket == 1 ? "dev" : "train";
  }

  /** The seed of one variation of one sign: from the corpus seed, the sign and the variation alone. */
  public static long seed(long corpusSeed, String signId, int variation) {
    long h = corpusSeed * 0x9E3779B97F4A7C15L;
    for (byte b : signId.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001B3L;
    }
    return new SplittableRandom(h ^ (variation * 0xBF58476D1CE4E5B9L)).nextLong();
  }

  /** The pose file of one variation of a sign, relative to the poses folder. */
  public static String poseName(String signId, int variation) {
    return String.format(Locale.ROOT, "%s%s-v%02d.pose", POSE_PREFIX, signId, variation);
  }

  /** The corpus's README: what the files are, and that the poses are synthetic. */
  public static String readme(String source, int variations, long seed) {
    return """
        # Synthetic SignWriting-to-pose corpus

        **The poses in this folder are synthetic.** No person signed them: `swa generate-synthetic` made each
        one procedurally from its SignWriting (hand shapes from the hand symbols, palm orientation from their
        fill and rotation, places relative to the head, movement arrows as wrist paths, contacts as touches),
        performed by a randomly drawn signer (proportions, speed, small tracking jitter and sway). Use it to
        test and demonstrate the pipeline, never as sign language data.

        - `%s`: the transcriptions in sign/data's layout (`pose,videoLanguage,start,end,text,split`); splits
          follow the input's, and a sign in several splits is only in the most held-out one (test, dev, train).
        - `%s/%s*.pose`: %d variation(s) of each sign, 178-point MediaPipe holistic (reduced) layout, 25 fps,
          1280x720 pixels.
        - `%s`: the same facts, machine-readable.

        Made from `%s` with seed %d; the same input and seed give the same bytes.
        """.formatted(CSV_FILE, POSES_FOLDER, POSE_PREFIX, variations, MARKER_FILE, source, seed);
  }
}
