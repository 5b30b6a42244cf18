package org.signwriting.animation.pose;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.signwriting.animation.util.AtomicFiles;

/** Writes poses as {@code .pose} version 0.2, the version pose-format writes and reads. */
public final class PoseWriter {
  private static final int MAX_U16 = 0xFFFF;
  /** Values are converted to bytes through a buffer of this size. */
  private static final int CHUNK_FLOATS = 1 << 20;

  private PoseWriter() {}

  /**
   * Writes to a temporary file beside {@code file} and moves it into place, so readers never see half a file
   * ({@link AtomicFiles}: the file gets the permissions of the user's umask).
   */
  public static void write(Pose pose, Path file) throws IOException {
    AtomicFiles.write(file, out -> write(pose, out));
  }

  /** Writes the pose; the stream is left open. */
  public static void write(Pose pose, OutputStream out) throws IOException {
    out.write(headerBytes(pose.header()));
    PoseBody body = pose.body();
    checkU16(body.people(), "people");
    ByteBuffer bodyHeader = ByteBuffer.allocate(Float.BYTES + Integer.BYTES + Short.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bodyHeader.putFloat(body.fps()).putInt(body.frames()).putShort((short) body.people());
    out.write(bodyHeader.array());
    writeFloats(body.data(), out);
    writeFloats(body.confidence(), out);
    out.flush();
  }

  private static byte[] headerBytes(PoseHeader header) {
    checkU16(header.width(), "width");
    checkU16(header.height(), "height");
    checkU16(header.depth(), "depth");
    checkU16(header.components().size(), "components");
    GrowingBuffer buffer = new GrowingBuffer();
    buffer.u16(0).u16(0); // room for the version float, written below
    buffer.u16(header.width()).u16(header.height()).u16(header.depth()).u16(header.components().size());
    for (PoseComponent component : header.components()) {
      buffer.string(component.name()).string(component.format());
      checkU16(component.points().size(), "points of " + component.name());
      checkU16(component.limbs().size(), "limbs of " + component.name());
      checkU16(component.colors().size(), "colors of " + component.name());
      buffer.u16(component.points().size()).u16(component.limbs().size()).u16(component.colors().size());
      for (String point : component.points()) {
        buffer.string(point);
      }
      for (PoseComponent.Limb limb : component.limbs()) {
        buffer.u16(checkU16(limb.from(), "limb index")).u16(checkU16(limb.to(), "limb index"));
      }
      for (PoseComponent.Rgb color : component.colors()) {
        buffer.u16(checkU16(color.red(), "color")).u16(checkU16(color.green(), "color"))
            .u16(checkU16(color.blue(), "color"));
      }
    }
    ByteBuffer bytes = buffer.bytes();
    bytes.putFloat(0, PoseHeader.CURRENT_VERSION);
    return Arrays.copyOf(bytes.array(), bytes.position());
  }

  private static void writeFloats(float[] values, OutputStream out) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(Math.min(values.length, CHUNK_FLOATS) * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int done = 0; done < values.length; ) {
      int count = Math.min(values.length - done, CHUNK_FLOATS);
      chunk.clear();
      chunk.asFloatBuffer().put(values, done, count);
      out.write(chunk.array(), 0, count * Float.BYTES);
      done += count;
    }
  }

  private static int checkU16(int value, String what) {
    if (value < 0 || value > MAX_U16) {
      throw new IllegalArgumentException("cannot write " + what + " = " + value + ": the format stores 0.."
          + MAX_U16);
    }
    return value;
  }

  /** A little-endian byte buffer that grows as the header is written. */
  private static final class GrowingBuffer {
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);

    GrowingBuffer u16(int value) {
      room(Short.BYTES).putShort((short) value);
      return this;
    }

    GrowingBuffer string(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      u16(checkU16(utf8.length, "a name of " + utf8.length + " bytes"));
      room(utf8.length).put(utf8);
      return this;
    }

    private ByteBuffer room(int bytes) {
      if (buffer.remaining() < bytes) {
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer = larger.put(buffer.flip());
      }
      return buffer;
    }

    ByteBuffer bytes() {
      return buffer;
    }
  }
}
