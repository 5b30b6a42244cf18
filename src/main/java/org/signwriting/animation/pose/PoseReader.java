package org.signwriting.animation.pose;

import static org.signwriting.animation.pose.PoseFormatException.Problem.IMPOSSIBLE_COUNTS;
import static org.signwriting.animation.pose.PoseFormatException.Problem.NOT_A_POSE_FILE;
import static org.signwriting.animation.pose.PoseFormatException.Problem.RANGE_OUTSIDE_FILE;
import static org.signwriting.animation.pose.PoseFormatException.Problem.TOO_LARGE;
import static org.signwriting.animation.pose.PoseFormatException.Problem.TRUNCATED;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code .pose} files (versions 0.0, 0.1 and 0.2) with pose-format's semantics. Values are copied in bulk
 * from little-endian buffers; a frame range reads only the bytes of those frames. Every problem with the input
 * is a {@link PoseFormatException} naming the file, the byte offset and the reason.
 *
 * <p>A hostile or damaged file cannot make the reader allocate more than the file justifies: every count read
 * from the header (components, points, limbs, colours, frames, people) is checked against the bytes the file
 * still holds before anything is allocated for it, and the decoded values never take more than
 * {@link #MAX_EXPANSION} times the file's size.
 */
public final class PoseReader {
  /** The largest array a JVM reliably allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  /**
   * The decoded values of a file take at most this many times its size in memory. Versions 0.1 and 0.2 store
   * every value, so they stay near 1; version 0.0 stores a frame without people in 2 bytes, which pose-format
   * reads as a frame of zeros: a file whose frames are nearly all empty (more than 63 in 64) is refused rather
   * than expanded without bound.
   */
  public static final int MAX_EXPANSION = 64;
  /** The fewest header bytes a component takes: name and format lengths, a one-letter format, three counts. */
  private static final int MIN_COMPONENT_BYTES = 2 + 2 + 1 + 3 * Short.BYTES;
  /** The fewest bytes a point name (its length), a limb and a colour take in the header. */
  private static final int MIN_POINT_BYTES = Short.BYTES;
  private static final int LIMB_BYTES = 2 * Short.BYTES;
  private static final int COLOR_BYTES = 3 * Short.BYTES;

  /** Keeps every point of the file. */
  private static final Function<PoseHeader, Optional<PointSelection>> ALL_POINTS = header -> Optional.empty();

  private PoseReader() {}

  public static Pose read(Path file) throws IOException {
    return read(file, FrameRange.all());
  }

  /** Reads the given frames; the bytes of the other frames are not read. */
  public static Pose read(Path file, FrameRange range) throws IOException {
    checkNotDirectory(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return decode(new ChannelSource(file.toString(), channel), range, ALL_POINTS);
    }
  }

  /**
   * Reads the given frames from a channel (a local file's, or a stream of another file system's); the bytes of the
   * other frames are not read. {@code name} names the file in errors.
   */
  public static Pose read(String name, SeekableByteChannel channel, FrameRange range) throws IOException {
    return decode(new ChannelSource(name, channel), range, ALL_POINTS);
  }

  /**
   * As {@link #read(String, SeekableByteChannel, FrameRange)}, keeping only the points {@code selection} picks
   * from the file's header (empty: all of them). The pose holds the selected points alone: the others pass
   * through a reused buffer and are never stored, e.g. {@code Holistic::reduction} decodes the 178 points
   * training keeps of MediaPipe holistic's 543.
   */
  public static Pose read(String name, SeekableByteChannel channel, FrameRange range,
      Function<PoseHeader, Optional<PointSelection>> selection) throws IOException {
    return decode(new ChannelSource(name, channel), range, selection);
  }

  /** Reads the header only. */
  public static PoseHeader readHeader(Path file) throws IOException {
    checkNotDirectory(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readHeader(new Cursor(new ChannelSource(file.toString(), channel)));
    }
  }

  /** Reads a pose from the bytes of a whole file; {@code sourceName} names it in errors. */
  public static Pose read(String sourceName, byte[] bytes, FrameRange range) throws PoseFormatException {
    return read(sourceName, bytes, range, ALL_POINTS);
  }

  /** As {@link #read(String, byte[], FrameRange)}, keeping only the points {@code selection} picks. */
  public static Pose read(String sourceName, byte[] bytes, FrameRange range,
      Function<PoseHeader, Optional<PointSelection>> selection) throws PoseFormatException {
    try {
      return decode(new BytesSource(sourceName, bytes), range, selection);
    } catch (PoseFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading bytes in memory cannot fail", e);
    }
  }

  private static void checkNotDirectory(Path file) throws PoseFormatException {
    if (Files.isDirectory(file)) {
      throw new PoseFormatException(file.toString(), 0, NOT_A_POSE_FILE, "is a directory, not a .pose file");
    }
  }

  private static Pose decode(Source source, FrameRange range,
      Function<PoseHeader, Optional<PointSelection>> selection) throws IOException {
    Cursor cursor = new Cursor(source);
    PoseHeader header = readHeader(cursor);
    PointSelection selected = selection.apply(header).orElse(null);
    if (selected != null) {
      for (int point : selected.points()) {
        if (point < 0 || point >= header.totalPoints()) {
          throw new IllegalArgumentException("the selection's point " + point + " is not one of the "
              + header.totalPoints() + " points of " + source.name);
        }
      }
    }
    cursor.section = "body";
    if (header.version() == 0f) {
      Pose pose = new Pose(header, readBodyV00(cursor, header, range));
      return selected == null ? pose : selected.apply(pose);
    }
    PoseBody body = readBodyV01V02(cursor, header, range, selected);
    return new Pose(selected == null ? header : selected.header(), body);
  }

  private static boolean isVersion(float version, float expected) {
    return Math.round(version * 1000) == Math.round(expected * 1000);
  }

  private static PoseHeader readHeader(Cursor cursor) throws IOException {
    if (cursor.source.size() == 0) {
      throw cursor.error(0, NOT_A_POSE_FILE, "empty file, not a .pose file");
    }
    float version = cursor.f32("the version");
    if (!(version == 0f || isVersion(version, 0.1f) || isVersion(version, 0.2f))) {
      throw cursor.error(0, NOT_A_POSE_FILE, "unknown version " + version + " (this reader knows 0.0, 0.1 and 0.2)");
    }
    int width = cursor.u16("the width");
    int height = cursor.u16("the height");
    int depth = cursor.u16("the depth");
    long countOffset = cursor.position;
    int count = cursor.u16("the number of components");
    if ((long) count * MIN_COMPONENT_BYTES > cursor.remaining()) {
      throw cursor.error(countOffset, IMPOSSIBLE_COUNTS, "impossible counts or truncated header: " + count
          + " components need at least " + (long) count * MIN_COMPONENT_BYTES + " bytes of header, the file has "
          + cursor.remaining() + " left");
    }
    List<PoseComponent> components = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      cursor.owner = "component " + (c + 1) + " of " + count;
      String name = cursor.string("name");
      long formatOffset = cursor.position;
      cursor.owner = name;
      String format = cursor.string("point format");
      if (format.isEmpty()) {
        throw cursor.error(formatOffset, IMPOSSIBLE_COUNTS,
            "impossible counts: component " + name + " has an empty point format");
      }
      long countsOffset = cursor.position;
      int points = cursor.u16("number of points");
      int limbs = cursor.u16("number of limbs");
      int colors = cursor.u16("number of colors");
      long needed = (long) points * MIN_POINT_BYTES + (long) limbs * LIMB_BYTES + (long) colors * COLOR_BYTES;
      if (needed > cursor.remaining()) {
        throw cursor.error(countsOffset, IMPOSSIBLE_COUNTS, "impossible counts or truncated header: component "
            + name + "'s " + points + " points, " + limbs + " limbs and " + colors + " colors need at least " + needed
            + " bytes of header, the file has " + cursor.remaining() + " left");
      }
      List<String> pointNames = new ArrayList<>(points);
      for (int p = 0; p < points; p++) {
        pointNames.add(cursor.string("point names"));
      }
      List<PoseComponent.Limb> limbList = new ArrayList<>(limbs);
      for (int l = 0; l < limbs; l++) {
        limbList.add(new PoseComponent.Limb(cursor.u16("limbs"), cursor.u16("limbs")));
      }
      List<PoseComponent.Rgb> colorList = new ArrayList<>(colors);
      for (int l = 0; l < colors; l++) {
        colorList.add(new PoseComponent.Rgb(
            cursor.u16("colors"), cursor.u16("colors"), cursor.u16("colors")));
      }
      components.add(new PoseComponent(name, format, pointNames, limbList, colorList));
    }
    cursor.owner = null;
    return new PoseHeader(version, width, height, depth, components);
  }

  /** Versions 0.1 and 0.2: all frames' values, then all frames' confidences. */
  private static PoseBody readBodyV01V02(Cursor cursor, PoseHeader header, FrameRange range,
      PointSelection selection) throws IOException {
    boolean v01 = isVersion(header.version(), 0.1f);
    long fpsOffset = cursor.position;
    float fps = v01 ? cursor.u16("the fps") : cursor.f32("the fps");
    long framesOffset = cursor.position;
    long declaredFrames = v01 ? cursor.u16("the number of frames") : cursor.u32("the number of frames");
    int people = cursor.u16("the number of people");
    long dataOffset = cursor.position;
    checkFps(cursor, fpsOffset, fps);

    int points = header.totalPoints();
    int dims = header.dims();
    long bytesPerFrame = (long) people * points * (dims + 1) * Float.BYTES;
    long bytesLeft = cursor.source.size() - dataOffset;
    long frames;
    if (v01) {
      // v0.1 stores the frame count in 16 bits, too few for long videos: pose-format derives it from the size.
      if (bytesPerFrame == 0) {
        if (bytesLeft != 0) {
          throw cursor.error(dataOffset, IMPOSSIBLE_COUNTS, "impossible counts: " + people + " people x " + points
              + " points leave no room for the " + bytesLeft + " bytes of the body");
        }
        frames = 0;
      } else {
        if (bytesLeft % bytesPerFrame != 0) {
          throw cursor.error(cursor.source.size(), TRUNCATED, "truncated body: the " + bytesLeft
              + " bytes after the body header are not a whole number of frames of " + bytesPerFrame + " bytes ("
              + people + " people x " + points + " points x " + (dims + 1) + " values)");
        }
        frames = bytesLeft / bytesPerFrame;
      }
    } else {
      frames = declaredFrames;
    }
    if (frames > 0 && bytesPerFrame == 0) {
      throw cursor.error(framesOffset, IMPOSSIBLE_COUNTS, "impossible counts: " + frames + " frames of " + people
          + " people x " + points + " points hold no values");
    }
    if ((double) frames * bytesPerFrame > bytesLeft) {
      if (values(frames, people, points, dims) > MAX_ARRAY) {
        throw cursor.error(framesOffset, IMPOSSIBLE_COUNTS, "impossible counts: " + frames + " frames x " + people
            + " people x " + points + " points x " + dims + " dims, in a body of " + bytesLeft + " bytes");
      }
      throw cursor.error(cursor.source.size(), TRUNCATED, "truncated body: " + frames + " frames of " + people
          + " people x " + points + " points need " + frames * bytesPerFrame + " bytes from byte " + dataOffset
          + ", the file has " + bytesLeft);
    }

    long start = firstFrame(cursor, range, fps, frames, dataOffset);
    long frameCount = range.endFrame(fps, frames) - start;
    checkArraySize(cursor, dataOffset, range, frameCount, people, points, dims);
    checkExpansion(cursor, dataOffset, frameCount, people, points, dims);
    int count = (int) frameCount;
    int pointsPerFrame = people * points;
    long valuesBytesPerFrame = (long) pointsPerFrame * dims * Float.BYTES;
    long dataStart = dataOffset + start * valuesBytesPerFrame;
    long confidenceStart = dataOffset + frames * valuesBytesPerFrame + start * pointsPerFrame * Float.BYTES;
    if (selection != null) {
      int[][] runs = selection.runs();
      int kept = selection.points().length;
      int rows = count * people;
      float[] data = new float[rows * kept * dims];
      float[] confidence = new float[rows * kept];
      gather(cursor.source, dataStart, rows, points, dims, runs, kept, data);
      gather(cursor.source, confidenceStart, rows, points, 1, runs, kept, confidence);
      return new PoseBody(fps, count, people, kept, dims, data, confidence);
    }
    float[] data = new float[count * pointsPerFrame * dims];
    float[] confidence = new float[count * pointsPerFrame];
    cursor.source.readFloats(dataStart, data, 0, data.length);
    cursor.source.readFloats(confidenceStart, confidence, 0, confidence.length);
    return new PoseBody(fps, count, people, points, dims, data, confidence);
  }

  /** Per-thread buffer of whole rows (a frame's person) on their way to {@link #gather}'s selection. */
  private static final ThreadLocal<float[]> ROWS = ThreadLocal.withInitial(() -> new float[1 << 18]);

  /**
   * The selected points of {@code rows} rows of {@code points} × {@code width} floats from {@code offset}: whole
   * rows are read into a reused buffer, then each run of consecutive selected points is copied out.
   */
  private static void gather(Source source, long offset, int rows, int points, int width, int[][] runs, int kept,
      float[] target) throws IOException {
    int rowFloats = points * width;
    if (rows == 0 || rowFloats == 0) {
      return;
    }
    float[] buffer = ROWS.get();
    if (buffer.length < rowFloats) {
      buffer = new float[rowFloats]; // a row this large (its bytes are in the file) is not kept for the next file
    }
    int rowsPerRead = buffer.length / rowFloats;
    for (int first = 0; first < rows; first += rowsPerRead) {
      int n = Math.min(rowsPerRead, rows - first);
      source.readFloats(offset + (long) first * rowFloats * Float.BYTES, buffer, 0, n * rowFloats);
      for (int r = 0; r < n; r++) {
        int from = r * rowFloats;
        int to = (first + r) * kept * width;
        for (int[] run : runs) {
          System.arraycopy(buffer, from + run[0] * width, target, to + run[1] * width, run[2] * width);
        }
      }
    }
  }

  /**
   * Version 0.0: each frame lists its people, each person its components' points as values followed by the
   * confidence. Like pose-format, only the first person of each frame is kept (a frame without people is zeros).
   */
  private static PoseBody readBodyV00(Cursor cursor, PoseHeader header, FrameRange range) throws IOException {
    long fpsOffset = cursor.position;
    float fps = cursor.u16("the fps");
    long framesOffset = cursor.position;
    int totalFrames = cursor.u16("the number of frames");
    checkFps(cursor, fpsOffset, fps);
    int points = header.totalPoints();
    int dims = header.dims();
    long bodyOffset = cursor.position;
    if (totalFrames > 0 && points == 0) {
      throw cursor.error(framesOffset, IMPOSSIBLE_COUNTS,
          "impossible counts: " + totalFrames + " frames of 0 points hold no values");
    }
    // Each frame takes at least its number of people (2 bytes).
    if ((long) totalFrames * Short.BYTES > cursor.remaining()) {
      throw cursor.error(framesOffset, IMPOSSIBLE_COUNTS, "impossible counts or truncated body: " + totalFrames
          + " frames need at least " + (long) totalFrames * Short.BYTES + " bytes of body, the file has "
          + cursor.remaining() + " left");
    }
    int start = (int) firstFrame(cursor, range, fps, totalFrames, bodyOffset);
    int end = (int) range.endFrame(fps, totalFrames);
    int count = end - start;
    checkArraySize(cursor, bodyOffset, range, count, 1, points, dims);
    long personBytes = Short.BYTES;
    for (PoseComponent component : header.components()) {
      personBytes += (long) component.points().size() * component.format().length() * Float.BYTES;
    }
    // The frames are checked to be whole in the file before their values are allocated.
    for (int frame = 0; frame < end; frame++) {
      cursor.owner = "frame " + frame;
      int people = cursor.u16("number of people");
      cursor.skip(people * personBytes, "people");
    }
    cursor.position = bodyOffset;
    checkExpansion(cursor, bodyOffset, count, 1, points, dims);
    float[] data = new float[count * points * dims];
    float[] confidence = new float[count * points];
    for (int frame = 0; frame < end; frame++) {
      cursor.owner = "frame " + frame;
      int people = cursor.u16("number of people");
      long framePeopleBytes = people * personBytes;
      if (frame < start || people == 0) {
        cursor.skip(framePeopleBytes, "people");
        continue;
      }
      cursor.skip(Short.BYTES, "person id");
      int point = (frame - start) * points;
      for (PoseComponent component : header.components()) {
        int valuesPerPoint = component.format().length();
        for (int p = 0; p < component.points().size(); p++, point++) {
          ByteBuffer window = cursor.need(valuesPerPoint * Float.BYTES, "points");
          int at = cursor.windowIndex();
          for (int d = 0; d < valuesPerPoint - 1; d++) {
            data[point * dims + d] = window.getFloat(at + d * Float.BYTES);
          }
          confidence[point] = window.getFloat(at + (valuesPerPoint - 1) * Float.BYTES);
          cursor.position += (long) valuesPerPoint * Float.BYTES;
        }
      }
      cursor.skip(framePeopleBytes - personBytes, "people");
    }
    return new PoseBody(fps, count, 1, points, dims, data, confidence);
  }

  private static void checkFps(Cursor cursor, long offset, float fps) throws PoseFormatException {
    if (!Float.isFinite(fps) || fps < 0) {
      throw cursor.error(offset, IMPOSSIBLE_COUNTS, "impossible fps " + fps);
    }
  }

  private static double values(long frames, int people, int points, int dims) {
    return (double) frames * people * points * Math.max(dims, 1);
  }

  /** The frames to read must fit in one array; a file larger than that is read by ranges. */
  private static void checkArraySize(Cursor cursor, long offset, FrameRange range, long frames, int people,
      int points, int dims) throws PoseFormatException {
    if (values(frames, people, points, dims) > MAX_ARRAY) {
      throw cursor.error(offset, TOO_LARGE, "too large to read at once: " + range + " is " + frames + " frames x "
          + people + " people x " + points + " points x " + dims + " dims, more values than one array holds;"
          + " read a smaller frame range");
    }
  }

  /** The values to allocate must be justified by the file: at most {@link #MAX_EXPANSION} times its size. */
  private static void checkExpansion(Cursor cursor, long offset, long frames, int people, int points, int dims)
      throws PoseFormatException {
    double bytes = (double) frames * people * points * (dims + 1) * Float.BYTES;
    if (bytes > (double) MAX_EXPANSION * cursor.source.size()) {
      throw cursor.error(offset, IMPOSSIBLE_COUNTS, "impossible counts: " + frames + " frames x " + people
          + " people x " + points + " points x " + (dims + 1) + " values would take " + (long) bytes
          + " bytes in memory, more than "
          + MAX_EXPANSION + " times the file's " + cursor.source.size() + " bytes (frames without people?)");
    }
  }

  private static long firstFrame(Cursor cursor, FrameRange range, float fps, long frames, long offset)
      throws PoseFormatException {
    long start = range.firstFrame(fps);
    if (start > 0 && start >= frames) {
      throw cursor.error(offset, RANGE_OUTSIDE_FILE, "the range " + range + " starts at frame " + start
          + " but the file has " + frames + " frames");
    }
    return start;
  }

  /** Bytes of a whole file in memory or of a file read on demand. */
  private abstract static class Source {
    final String name;

    Source(String name) {
      this.name = name;
    }

    abstract long size();

    /** {@code length} little-endian bytes from {@code offset}, which the caller checked are there. */
    abstract ByteBuffer bytes(long offset, int length) throws IOException;

    /** Fills {@code target[start .. start + count)} with the little-endian floats from {@code offset}. */
    abstract void readFloats(long offset, float[] target, int start, int count) throws IOException;
  }

  private static final class BytesSource extends Source {
    private final byte[] bytes;

    BytesSource(String name, byte[] bytes) {
      super(name);
      this.bytes = bytes;
    }

    @Override
    long size() {
      return bytes.length;
    }

    @Override
    ByteBuffer bytes(long offset, int length) {
      return ByteBuffer.wrap(bytes, (int) offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    void readFloats(long offset, float[] target, int start, int count) {
      bytes(offset, count * Float.BYTES).asFloatBuffer().get(target, start, count);
    }
  }

  private static final class ChannelSource extends Source {
    /**
     * Floats go from the file through this per-thread direct buffer straight into their array: one copy fewer
     * than through a heap buffer, and a huge range needs no second huge allocation.
     */
    private static final ThreadLocal<ByteBuffer> CHUNK = ThreadLocal.withInitial(
        () -> ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN));
    private final SeekableByteChannel channel;
    private final long size;

    ChannelSource(String name, SeekableByteChannel channel) throws IOException {
      super(name);
      this.channel = channel;
      this.size = channel.size();
    }

    @Override
    long size() {
      return size;
    }

    @Override
    ByteBuffer bytes(long offset, int length) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      fill(buffer, offset);
      return buffer.flip();
    }

    private void fill(ByteBuffer buffer, long offset) throws IOException {
      long position = offset;
      while (buffer.hasRemaining()) {
        int read = channel.position(position).read(buffer);
        if (read < 0) {
          throw new PoseFormatException(name, position, TRUNCATED, "the file ended while it was being read");
        }
        position += read;
      }
    }

    @Override
    void readFloats(long offset, float[] target, int start, int count) throws IOException {
      ByteBuffer buffer = CHUNK.get();
      int done = 0;
      while (done < count) {
        int n = Math.min(count - done, buffer.capacity() / Float.BYTES);
        buffer.clear().limit(n * Float.BYTES);
        fill(buffer, offset + (long) done * Float.BYTES);
        buffer.flip().asFloatBuffer().get(target, start + done, n);
        done += n;
      }
    }
  }

  /** Sequential reading of the header (and of v0.0 bodies) through a window of the source, with bounds checks. */
  private static final class Cursor {
    private static final int WINDOW_BYTES = 64 << 10;
    final Source source;
    long position;
    String section = "header";
    /** What is being read, e.g. a component's name, for error messages; null at the top level. */
    String owner;
    private ByteBuffer window = ByteBuffer.allocate(0);
    private long windowStart;

    Cursor(Source source) {
      this.source = source;
    }

    PoseFormatException error(long offset, PoseFormatException.Problem problem, String reason) {
      return new PoseFormatException(source.name, offset, problem, reason);
    }

    /** The window holding the next {@code n} bytes, or an error naming {@code what} the file ends inside. */
    ByteBuffer need(int n, String what) throws IOException {
      if (position + n > source.size()) {
        throw truncated(n, what);
      }
      if (position < windowStart || position + n > windowStart + window.limit()) {
        int length = (int) Math.min(source.size() - position, Math.max(n, WINDOW_BYTES));
        window = source.bytes(position, length);
        windowStart = position;
      }
      return window;
    }

    /** Bytes of the source after the current position. */
    long remaining() {
      return Math.max(0, source.size() - position);
    }

    int windowIndex() {
      return (int) (position - windowStart);
    }

    void skip(long n, String what) throws PoseFormatException {
      if (position + n > source.size()) {
        throw truncated(n, what);
      }
      position += n;
    }

    private PoseFormatException truncated(long n, String what) {
      return error(position, TRUNCATED, "truncated " + section + ": the file ends inside "
          + (owner == null ? "" : owner + "'s ") + what + " (needs " + n + " bytes, " + remaining() + " left)");
    }

    int u16(String what) throws IOException {
      int value = Short.toUnsignedInt(need(Short.BYTES, what).getShort(windowIndex()));
      position += Short.BYTES;
      return value;
    }

    long u32(String what) throws IOException {
      long value = Integer.toUnsignedLong(need(Integer.BYTES, what).getInt(windowIndex()));
      position += Integer.BYTES;
      return value;
    }

    float f32(String what) throws IOException {
      float value = need(Float.BYTES, what).getFloat(windowIndex());
      position += Float.BYTES;
      return value;
    }

    String string(String what) throws IOException {
      int length = u16(what);
      if (length == 0) {
        return "";
      }
      ByteBuffer bytes = need(length, what);
      String value = new String(bytes.array(), bytes.arrayOffset() + windowIndex(), length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }
  }
}
