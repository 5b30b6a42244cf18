package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * The whole training state in one file, written atomically: the step reached, the metrics rows so far, the
 * weights, the EMA weights and AdamW's two moments per parameter. One file, so a crash can never pair the
 * weights of one step with the optimizer state of another.
 */
final class TrainingCheckpoint {
  private TrainingCheckpoint() {}

  private static final String MAGIC = "swa-diffusion-checkpoint";
  private static final int VERSION = 1;
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private record Header(int step, List<TrainingMetrics.Row> metrics) {}

  static void write(Path file, int step, SignToPoseDiffusion model, SignToPoseDiffusion ema, NDList moments,
      List<TrainingMetrics.Row> metrics) throws IOException {
    ModelFolder.writeAtomically(file, stream -> {
      DataOutputStream out = new DataOutputStream(stream);
      out.writeUTF(MAGIC);
      out.writeInt(VERSION);
      byte[] header = GSON.toJson(new Header(step, metrics)).getBytes(StandardCharsets.UTF_8);
      out.writeInt(header.length);
      out.write(header);
      model.saveParameters(out);
      ema.saveParameters(out);
      moments.encode(out);
      out.flush();
    });
  }

  /**
   * Restores the state into initialized blocks and moment arrays of the same config; returns the step and
   * appends the saved metrics rows to {@code metrics}.
   */
  static int read(Path file, SignToPoseDiffusion model, SignToPoseDiffusion ema, NDList moments,
      NDManager manager, List<TrainingMetrics.Row> metrics) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
        throw new IllegalArgumentException(file + ": not a diffusion training checkpoint");
      }
      int headerLength = in.readInt();
      if (headerLength < 0 || headerLength > Files.size(file)) {
        throw new IllegalArgumentException(file + ": damaged checkpoint (a header of " + headerLength + " bytes)");
      }
      byte[] headerBytes = new byte[headerLength];
      in.readFully(headerBytes);
      Header header = GSON.fromJson(new String(headerBytes, StandardCharsets.UTF_8), Header.class);
      ModelFolder.loadParameters(file, "checkpoint weights", model, manager, in);
      ModelFolder.loadParameters(file, "checkpoint EMA weights", ema, manager, in);
      NDList saved = NDList.decode(manager, in);
      if (saved.size() != moments.size()) {
        throw new IllegalArgumentException(file + ": optimizer state does not fit this model");
      }
      for (int i = 0; i < saved.size(); i++) {
        NDArray target = moments.get(i);
        if (!saved.get(i).getShape().equals(target.getShape())) {
          throw new IllegalArgumentException(file + ": optimizer state does not fit this model");
        }
        saved.get(i).copyTo(target);
      }
      saved.close();
      metrics.addAll(header.metrics());
      return header.step();
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + ": damaged checkpoint (the file ends early)", e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": damaged checkpoint (its header is not the expected JSON)", e);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new IllegalArgumentException(file + ": checkpoint does not fit this model: " + e.getMessage(), e);
    }
  }
}
