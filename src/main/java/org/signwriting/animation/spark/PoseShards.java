package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.ShardStream;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.TrainingData.SignSample;
import org.signwriting.animation.pose.PoseBody;

/**
 * The training sequences of a prepare-poses table, cut into shards (one per data-parallel worker) and read where
 * the worker runs: a shard is a contiguous run of the table's rows (whole files, or parts of them at its two ends),
 * so each row is read by exactly one worker and each worker reads only its own files. Rows are read by column name;
 * a row whose points are not the pose header's is left out (and reported by the scan that plans the run), a
 * transcribed row takes its sign's embedding from the prepare-embeddings table.
 */
final class PoseShards {
  private PoseShards() {}

  static final Set<String> COLUMNS = Set.of(PreparedPoses.ID, PreparedPoses.FPS, PreparedPoses.FRAMES,
      PreparedPoses.PEOPLE, PreparedPoses.POINT_NAMES, PreparedPoses.DATA, PreparedPoses.CONFIDENCE,
      PreparedPoses.SIGN_ID);

  /** What every reader of the table needs to know: the layout rows must have. */
  record Layout(List<String> pointNames, int dims) implements Serializable {}

  /**
   * Cuts the rows of {@code files} (in order) into {@code shards} runs of equal size (±1 row).
   *
   * @throws IllegalArgumentException with fewer rows than shards: a worker would have nothing to train on
   */
  static List<List<ParquetRows.Range>> split(List<ParquetRows.FileRows> files, int shards) {
    long total = 0;
    for (ParquetRows.FileRows file : files) {
      total += file.rows();
    }
    if (total < shards) {
      throw new IllegalArgumentException(total + " training sequences cannot feed " + shards + " workers (each "
          + "needs at least one)");
    }
    List<List<ParquetRows.Range>> result = new ArrayList<>();
    int fileIndex = 0;
    long offsetInFile = 0;
    for (int shard = 0; shard < shards; shard++) {
      long wanted = total * (shard + 1) / shards - total * shard / shards;
      List<ParquetRows.Range> ranges = new ArrayList<>();
      while (wanted > 0) {
        ParquetRows.FileRows file = files.get(fileIndex);
        long take = Math.min(wanted, file.rows() - offsetInFile);
        if (take > 0) {
          ranges.add(new ParquetRows.Range(file.path(), offsetInFile, take));
        }
        wanted -= take;
        offsetInFile += take;
        if (offsetInFile == file.rows()) {
          fileIndex++;
          offsetInFile = 0;
        }
      }
      result.add(ranges);
    }
    return result;
  }

  /**
   * The sequences of {@code ranges}, in order, as a {@link ShardStream} source; {@code signs} maps sign ids to
   * their text and embedding (null: no signs); rows of another layout go to {@code skipped} (their ids).
   */
  static ShardStream.Reader read(Configuration conf, List<ParquetRows.Range> ranges, Layout layout,
      Map<String, SignSample> signs, Consumer<String> skipped) {
    ParquetRows.Cursor cursor = ParquetRows.read(conf, ranges, COLUMNS);
    return new ShardStream.Reader() {
      private Sequence next;

      @Override
      public boolean hasNext() {
        while (next == null && cursor.hasNext()) {
          next = sequence(cursor.next(), layout, signs, skipped);
        }
        return next != null;
      }

      @Override
      public Sequence next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Sequence sequence = next;
        next = null;
        return sequence;
      }

      @Override
      public void close() throws IOException {
        cursor.close();
      }
    };
  }

  /** A row as the first person's sequence, or null (reported) when its points are not the layout's. */
  static Sequence sequence(Group row, Layout layout, Map<String, SignSample> signs, Consumer<String> skipped) {
    String id = row.getString(PreparedPoses.ID, 0);
    if (!ParquetRows.strings(row, PreparedPoses.POINT_NAMES).equals(layout.pointNames())) {
      skipped.accept(id + ": its points are not those of the pose header");
      return null;
    }
    String signId = ParquetRows.string(row, PreparedPoses.SIGN_ID);
    SignSample sign = null;
    if (signs != null && signId != null) {
      sign = signs.get(signId);
      if (sign == null) {
        throw new IllegalArgumentException("no embedding for the sign of " + id + " (sign_id " + signId + ")");
      }
    }
    return Sequence.firstPersonOrSkip(id, () -> new PoseBody(row.getFloat(PreparedPoses.FPS, 0),
        row.getInteger(PreparedPoses.FRAMES, 0), row.getInteger(PreparedPoses.PEOPLE, 0), layout.pointNames().size(),
        layout.dims(), PreparedPoses.floats(row.getBinary(PreparedPoses.DATA, 0).getBytes()),
        PreparedPoses.floats(row.getBinary(PreparedPoses.CONFIDENCE, 0).getBytes())),
        sign == null ? null : sign.embedding(), sign == null ? null : sign.fsw(), skipped);
  }

  /** The sign ids of a shard's rows (a first, cheap pass: one small column). */
  static Set<String> signIds(Configuration conf, List<ParquetRows.Range> ranges) throws IOException {
    Set<String> ids = new HashSet<>();
    try (ParquetRows.Cursor cursor = ParquetRows.read(conf, ranges, Set.of(PreparedPoses.SIGN_ID))) {
      while (cursor.hasNext()) {
        String id = ParquetRows.string(cursor.next(), PreparedPoses.SIGN_ID);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** The text and embedding of {@code signIds} from the prepare-embeddings table folder (every file, read by name). */
  static Map<String, SignSample> signs(Configuration conf, String table, Set<String> signIds) throws IOException {
    Map<String, SignSample> byId = new HashMap<>();
    List<ParquetRows.Range> ranges = new ArrayList<>();
    for (String file : ParquetRows.files(conf, table)) {
      ranges.add(new ParquetRows.Range(file, 0, ParquetRows.rowCount(conf, file)));
    }
    try (ParquetRows.Cursor cursor = ParquetRows.read(conf, ranges, Set.of(PrepareEmbeddingsJob.SIGN_ID,
        PrepareEmbeddingsJob.FSW, PrepareEmbeddingsJob.EMBEDDING))) {
      while (cursor.hasNext()) {
        Group row = cursor.next();
        String id = row.getString(PrepareEmbeddingsJob.SIGN_ID, 0);
        if (signIds.contains(id)) {
          byId.put(id, new SignSample(ParquetRows.string(row, PrepareEmbeddingsJob.FSW),
              ParquetRows.floats(row, PrepareEmbeddingsJob.EMBEDDING)));
        }
      }
    }
    return byId;
  }
}
