package org.signwriting.animation.embedding;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A user's own image encoder exported as TorchScript (e.g. a CLIP vision tower): it takes a float tensor
 * (N, 3, 224, 224), RGB normalized with CLIP's mean and standard deviation, and returns (N, D) features
 * (any further dimensions are flattened). The features are L2-normalized here.
 */
public final class TorchScriptEncoder implements SignEmbedder {
  /** CLIP's per-channel image normalization (the seed embeds with CLIP ViT-B/32). */
  static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
  static final int SIZE = 224;

  private final Model model;
  private final String name;
  private final int embeddingSize;

  private TorchScriptEncoder(Model model, String name) {
    this.model = model;
    this.name = name;
    this.embeddingSize = embed(List.of(new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB)))[0].length;
  }

  /** Whether a file looks like TorchScript (a zip archive, as torch.jit.save writes). */
  public static boolean isTorchScript(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
  }

  /**
   * Loads a TorchScript file; {@link #describe()} and the error for a file that is no encoder call it {@code name}
   * (the location as the user gave it).
   */
  public static TorchScriptEncoder load(Path file, String name) throws IOException {
    Model model = Model.newInstance("torchscript-encoder", Device.cpu(), "PyTorch");
    try {
      model.load(file.toAbsolutePath().getParent(), file.getFileName().toString(),
          Map.of("mapLocation", "true"));
      return new TorchScriptEncoder(model, name);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException(name + ": not a TorchScript image encoder that takes (N, 3, 224, 224): "
          + e.getMessage(), e);
    }
  }

  @Override
  public int embeddingSize() {
    return embeddingSize;
  }

  @Override
  public String describe() {
    return "TorchScript encoder " + name + " (" + embeddingSize + " dimensions)";
  }

  @Override
  public float[][] embed(List<BufferedImage> images) {
    if (images.isEmpty()) {
      return new float[0][];
    }
    float[] pixels = new float[images.size() * 3 * SIZE * SIZE];
    for (int i = 0; i < images.size(); i++) {
      writeNormalized(images.get(i), pixels, i * 3 * SIZE * SIZE);
    }
    try (NDManager batch = model.getNDManager().newSubManager()) {
      NDArray x = batch.create(pixels, new Shape(images.size(), 3, SIZE, SIZE));
      NDList output = model.getBlock().forward(new ParameterStore(batch, false), new NDList(x), false);
      NDArray features = output.get(0).reshape(images.size(), -1);
      return EncoderModel.toRows(EmbeddingObjective.l2Normalize(features));
    }
  }

  /** Channel-first RGB of a 224×224 image, normalized, at {@code offset}. */
  static void writeNormalized(BufferedImage image, float[] out, int offset) {
    if (image.getWidth() != SIZE || image.getHeight() != SIZE) {
      throw new IllegalArgumentException("the TorchScript encoder takes 224×224 images, got "
          + image.getWidth() + "×" + image.getHeight());
    }
    int[] argb = image.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
    int plane = SIZE * SIZE;
    for (int p = 0; p < plane; p++) {
      int alpha = argb[p] >>> 24;
      for (int c = 0; c < 3; c++) {
        int channel = (argb[p] >> (16 - 8 * c)) & 0xff;
        float onWhite = (channel * alpha + 255f * (255 - alpha)) / (255f * 255f);
        out[offset + c * plane + p] = (onWhite - MEAN[c]) / STD[c];
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
