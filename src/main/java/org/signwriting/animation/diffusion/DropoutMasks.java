package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inverted dropout with masks drawn in Java: each element is kept with probability {@code 1 - rate} and scaled
 * by {@code 1 / (1 - rate)}, as PyTorch's dropout does, but the Bernoulli draws come from a
 * {@link SplittableRandom} (two 32-bit draws per 64-bit number) instead of libtorch's CPU generator, which
 * costs about 20 ns per element: at batch 64 the diffusion model draws 29 million per training step, and
 * libtorch's dropout was the largest single cost of the step.
 *
 * <p>One forward pass draws its masks from one seed, given by the trainer (derived from the run's seed and the
 * step, like every other random choice of a step, so the same seed gives the same training; never the engine's
 * generator, which is one per JVM and shared by the workers a JVM may run at once). The masks live in direct buffers that are reused by the
 * next forward pass once the arrays made from them are closed (the trainer closes a step's arrays before the
 * next step), and replaced when they are still open, so a graph never sees its masks overwritten.
 */
final class DropoutMasks {

  private final List<ByteBuffer> buffers = new ArrayList<>();
  private final List<NDArray> lastArrays = new ArrayList<>();
  private SplittableRandom random;
  private int next;

  /** Starts the masks of one forward pass, all drawn from {@code seed}. */
  void startPass(long seed) {
    random = new SplittableRandom(seed);
    boolean reusable = lastArrays.stream().allMatch(NDArray::isReleased);
    if (!reusable) {
      buffers.clear();
    }
    lastArrays.clear();
    next = 0;
  }

  /** {@code x} with each element zeroed with probability {@code rate}, the others scaled by 1 / (1 - rate). */
  NDArray apply(NDArray x, float rate) {
    if (random == null) {
      throw new IllegalStateException("dropout outside a training pass");
    }
    Shape shape = x.getShape();
    int size = Math.toIntExact(shape.size());
    ByteBuffer buffer = buffer(next++, size);
    fill(buffer.asFloatBuffer(), size, rate, random);
    NDArray mask = x.getManager().create(buffer, shape, DataType.FLOAT32);
    lastArrays.add(mask);
    return x.mul(mask);
  }

  private ByteBuffer buffer(int index, int floats) {
    if (index < buffers.size() && buffers.get(index).capacity() == 4 * floats) {
      return buffers.get(index).clear();
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
    if (index < buffers.size()) {
      buffers.set(index, buffer);
    } else {
      buffers.add(buffer);
    }
    return buffer;
  }

  /** Keep (1 / (1 - rate)) where an unsigned 32-bit draw is at least rate · 2³², else 0. */
  static void fill(FloatBuffer mask, int size, float rate, SplittableRandom random) {
    long threshold = (long) Math.ceil(rate * 4294967296.0);
    float kept = 1f / (1f - rate);
    int i = 0;
    for (; i + 1 < size; i += 2) {
      long bits = random.nextLong();
      mask.put(i, (bits >>> 32) >= threshold ? kept : 0f);
      mask.put(i + 1, (bits & 0xFFFFFFFFL) >= threshold ? kept : 0f);
    }
    if (i < size) {
      mask.put(i, (random.nextLong() >>> 32) >= threshold ? kept : 0f);
    }
  }
}
