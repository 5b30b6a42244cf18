package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.testing.SharedData;

/**
 * Random damage to the real shared {@code .pose} files (fixed seed): truncations, overwritten bytes, extreme
 * counts and special floats, mostly in the header where the counts live. Every outcome must be a {@link Pose} or a
 * {@link PoseFormatException} (never another exception, never an {@link OutOfMemoryError}), and reading must never
 * allocate more than the file justifies: at most {@link #ALLOCATION_RATIO} times the file's size, plus a fixed
 * {@link #ALLOCATION_SLACK} for the reader's own objects and the exception. One case in {@link #SELECTED_EVERY}
 * decodes only the points training keeps ({@link PosePreprocessing#keptPoints}), as prepare-poses does.
 */
class PoseReaderFuzzTest {
  private static final long SEED = 12;
  private static final int CASES = 6_000;
  /** One case in this many is written to a file and read through the file channel instead of from memory. */
  private static final int THROUGH_FILE_EVERY = 8;
  /** One case in this many decodes the selected points only (offset from the file cases, so both meet). */
  private static final int SELECTED_EVERY = 3;
  /**
   * The decoded values may be up to {@link PoseReader#MAX_EXPANSION} times the file (v0.0 frames without people
   * are zeros), plus the header's objects (names as strings).
   */
  static final double ALLOCATION_RATIO = PoseReader.MAX_EXPANSION + 16;
  static final long ALLOCATION_SLACK = 256 << 10;

  @TempDir Path dir;

  @Test
  void damagedRealFilesGiveAPoseOrAPoseFormatExceptionWithinTheirMemory() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(SharedData.path("poses"))) {
      files = list.filter(p -> p.toString().endsWith(".pose")).sorted().toList();
    }
    assertEquals(27, files.size(), "the shared data's pose files");
    List<byte[]> originals = new ArrayList<>();
    for (Path file : files) {
      originals.add(Files.readAllBytes(file));
    }
    for (int i = 0; i < originals.size(); i++) { // warm up: class loading and first-call costs are not the file's
      PoseReader.read(files.get(i).toString(), originals.get(i), FrameRange.all());
      PoseReader.read(files.get(i));
      read(files.get(i).toString(), originals.get(i), FrameRange.all(), null, true);
      read(files.get(i).toString(), originals.get(i), FrameRange.all(), files.get(i), true);
      byte[] cut = Arrays.copyOf(originals.get(i), originals.get(i).length / 2);
      try {
        PoseReader.read("warm-up", cut, FrameRange.all());
      } catch (PoseFormatException expected) {
        // the error path is warmed up too
      }
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int poses = 0;
    int keptPointPoses = 0;
    int errors = 0;
    double maxRatio = 0;
    String maxRatioCase = "";
    long started = System.nanoTime();
    for (int c = 0; c < CASES; c++) {
      int which = random.nextInt(originals.size());
      byte[] original = originals.get(which);
      String mutation = mutate(original, random);
      byte[] bytes = lastMutation;
      FrameRange range = random.nextInt(4) == 0 ? FrameRange.frames(random.nextInt(40), 40 + random.nextInt(400))
          : FrameRange.all();
      boolean selected = c % SELECTED_EVERY == 1;
      String name = "case " + c + " (" + files.get(which).getFileName() + ", " + mutation + ", " + range
          + (selected ? ", kept points" : "") + ")";
      Path file = null;
      if (c % THROUGH_FILE_EVERY == 0) {
        file = dir.resolve("case.pose");
        Files.write(file, bytes);
      }
      long before = threads.getThreadAllocatedBytes(thread);
      try {
        Pose pose = read(name, bytes, range, file, selected);
        assertEquals(pose.header().totalPoints(), pose.body().points());
        poses++;
        keptPointPoses += selected && pose.body().points() == 178 ? 1 : 0;
      } catch (PoseFormatException expected) {
        errors++;
      } catch (Throwable e) { // OutOfMemoryError included: that is the failure this test is about
        failures.add(name + ": " + e);
        continue;
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      double measured = (double) Math.max(0, allocated - ALLOCATION_SLACK) / bytes.length;
      if (measured > maxRatio || allocated > ALLOCATION_RATIO * bytes.length + ALLOCATION_SLACK) {
        // The first time a message is built, its string concatenation is bootstrapped (hundreds of KB, once
        // per JVM): measure again, the file's own cost is the same every time.
        before = threads.getThreadAllocatedBytes(thread);
        readQuietly(name, bytes, range, file, selected);
        allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
      }
      double ratio = (double) Math.max(0, allocated - ALLOCATION_SLACK) / bytes.length;
      if (ratio > maxRatio) {
        maxRatio = ratio;
        maxRatioCase = name + ", " + bytes.length + " bytes, " + allocated + " allocated";
      }
      if (allocated > ALLOCATION_RATIO * bytes.length + ALLOCATION_SLACK) {
        failures.add(name + ": allocated " + allocated + " bytes for a file of " + bytes.length);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "pose reader fuzz: %d cases in %.1f s: %d poses (%d of the kept points only), "
        + "%d PoseFormatExceptions, %d failures; largest allocation beyond %d KiB: %.2f x the file (%s)%n", CASES,
        seconds, poses, keptPointPoses, errors, failures.size(), ALLOCATION_SLACK >> 10, maxRatio, maxRatioCase);
    assertTrue(failures.isEmpty(), failures.size() + " failures, first: "
        + failures.subList(0, Math.min(10, failures.size())));
    assertTrue(poses > CASES / 20 && errors > CASES / 20, "both outcomes are exercised: " + poses + " poses, "
        + errors + " errors");
    assertTrue(keptPointPoses > CASES / 40, "the kept points' decoding is exercised: " + keptPointPoses + " poses");
  }

  private static void readQuietly(String name, byte[] bytes, FrameRange range, Path file, boolean selected)
      throws IOException {
    try {
      read(name, bytes, range, file, selected);
    } catch (PoseFormatException expected) {
      // measured only
    }
  }

  /** From memory or, given a file, through its channel; all points or only those training keeps. */
  private static Pose read(String name, byte[] bytes, FrameRange range, Path file, boolean selected)
      throws IOException {
    if (!selected) {
      return file == null ? PoseReader.read(name, bytes, range) : PoseReader.read(file, range);
    }
    if (file == null) {
      return PoseReader.read(name, bytes, range, PosePreprocessing::keptPoints);
    }
    try (FileChannel channel = FileChannel.open(file)) {
      return PoseReader.read(name, channel, range, PosePreprocessing::keptPoints);
    }
  }

  private byte[] lastMutation;

  /** Damages a copy of {@code original} (kept in {@link #lastMutation}) and says how. */
  private String mutate(byte[] original, Random random) {
    // The counts live in the header (the first few KB); damage there mostly, but also anywhere.
    int headerish = Math.min(original.length, 4096);
    int kind = random.nextInt(6);
    switch (kind) {
      case 0 -> {
        int length = random.nextBoolean() ? random.nextInt(headerish + 1) : random.nextInt(original.length + 1);
        lastMutation = Arrays.copyOf(original, length);
        return "truncated to " + length;
      }
      case 1 -> {
        byte[] bytes = original.clone();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
          bytes[random.nextInt(random.nextBoolean() ? headerish : bytes.length)] = (byte) random.nextInt(256);
        }
        lastMutation = bytes;
        return count + " random bytes";
      }
      case 2, 3 -> {
        byte[] bytes = original.clone();
        int width = random.nextBoolean() ? 2 : 4;
        int at = random.nextInt(Math.max(1, headerish - width));
        long[] extremes = {0, 1, 0xFFFF, 0x7FFF, 0x7FFFFFFFL, 0xFFFFFFFFL, 0x80000000L, 65_535L * 4};
        long value = extremes[random.nextInt(extremes.length)];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (at + width <= bytes.length) {
          if (width == 2) {
            buffer.putShort(at, (short) value);
          } else {
            buffer.putInt(at, (int) value);
          }
        }
        lastMutation = bytes;
        return width + " bytes at " + at + " set to " + value;
      }
      case 4 -> {
        byte[] bytes = original.clone();
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, -1f, 0f, 0.1f, 0.2f, 3e38f, 1e-40f};
        int at = random.nextInt(Math.max(1, Math.min(bytes.length, headerish + 64) - 4));
        float value = specials[random.nextInt(specials.length)];
        if (at + 4 <= bytes.length) {
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, value);
        }
        lastMutation = bytes;
        return "float at " + at + " set to " + value;
      }
      default -> {
        // a piece of the file cut out, so that everything after it shifts
        int from = random.nextInt(headerish);
        int length = 1 + random.nextInt(32);
        int to = Math.min(original.length, from + length);
        byte[] bytes = new byte[original.length - (to - from)];
        System.arraycopy(original, 0, bytes, 0, from);
        System.arraycopy(original, to, bytes, from, original.length - to);
        lastMutation = bytes;
        return "bytes " + from + ".." + to + " cut out";
      }
    }
  }
}
