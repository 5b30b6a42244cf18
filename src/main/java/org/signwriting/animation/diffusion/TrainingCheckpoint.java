package org.signwriting.animation.diffusion;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code checkpoint.bin}: a {@link TrainingState} in one file, written atomically, so a crash can never pair the
 * weights of one step with the optimizer state of another. Layout (version 2): a magic string, the version, a
 * JSON header (step and metrics rows), then the weights, the EMA weights and the moments, each preceded by its
 * length in bytes, so that a program without a model (a cluster's driver) can split it.
 */
final class TrainingCheckpoint {
  private TrainingCheckpoint() {}

  private static final String MAGIC = "swa-diffusion-checkpoint";
  private static final int VERSION = 2;
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private record Header(int step, List<TrainingMetrics.Row> metrics) {}

  static void write(Path file, TrainingState state) throws IOException {
    ModelFolder.writeAtomically(file, stream -> {
      DataOutputStream out = new DataOutputStream(stream);
      out.writeUTF(MAGIC);
      out.writeInt(VERSION);
      byte[] header = GSON.toJson(new Header(state.step(), state.metrics())).getBytes(StandardCharsets.UTF_8);
      out.writeInt(header.length);
      out.write(header);
      for (byte[] part : new byte[][] {state.weights(), state.ema(), state.moments()}) {
        out.writeLong(part.length);
        out.write(part);
      }
      out.flush();
    });
  }

  /** Reads a checkpoint whole; a file that is not one, or is cut short, is one line naming it. */
  static TrainingState read(Path file) throws IOException {
    long size = Files.size(file);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (!MAGIC.equals(in.readUTF())) {
        throw new IllegalArgumentException(file + ": not a diffusion training checkpoint");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(file + ": a checkpoint of format " + version + "; this version reads "
            + "format " + VERSION + " (train into a new folder)");
      }
      byte[] header = part(in, file, in.readInt(), size);
      Header parsed = GSON.fromJson(new String(header, StandardCharsets.UTF_8), Header.class);
      if (parsed == null || parsed.metrics() == null) {
        throw new IllegalArgumentException(file + ": damaged checkpoint (its header is not the expected JSON)");
      }
      byte[] weights = part(in, file, in.readLong(), size);
      byte[] ema = part(in, file, in.readLong(), size);
      byte[] moments = part(in, file, in.readLong(), size);
      return new TrainingState(parsed.step(), parsed.metrics(), weights, ema, moments);
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + ": damaged checkpoint (the file ends early)", e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": damaged checkpoint (its header is not the expected JSON)", e);
    }
  }

  private static byte[] part(DataInputStream in, Path file, long length, long fileSize) throws IOException {
    if (length < 0 || length > fileSize) {
      throw new IllegalArgumentException(file + ": damaged checkpoint (a part of " + length + " bytes)");
    }
    byte[] bytes = new byte[(int) length];
    in.readFully(bytes);
    return bytes;
  }
}
