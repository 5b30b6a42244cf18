package org.signwriting.animation.embedding;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.signwriting.animation.util.AtomicFiles;

/**
 * A trained encoder: the {@code embedding_model} folder of a model folder, holding {@code config.json}
 * (the {@link EmbeddingConfig} it was built with) and {@code encoder.params} (DJL parameters).
 */
public final class EncoderModel implements SignEmbedder {
  /** Name of the folder a model folder keeps the encoder in. */
  public static final String FOLDER = "embedding_model";
  static final String CONFIG_FILE = "config.json";
  public static final String PARAMETERS_FILE = "encoder.params";

  private final EmbeddingConfig config;
  private final EncoderInput input;
  private final NDManager manager;
  private final Block encoder;
  private final String source;

  private EncoderModel(EmbeddingConfig config, NDManager manager, Block encoder, String source) {
    this.config = config;
    this.input = new EncoderInput(config);
    this.manager = manager;
    this.encoder = encoder;
    this.source = source;
  }

  /** Writes {@code modelFolder/embedding_model}, replacing an earlier one only once it is complete. */
  static void save(Path modelFolder, EmbeddingConfig config, Block encoder) throws IOException {
    Files.createDirectories(modelFolder);
    Path target = modelFolder.resolve(FOLDER);
    Path staging = modelFolder.resolve(FOLDER + ".partial");
    AtomicFiles.deleteRecursively(staging);
    Files.createDirectory(staging);
    config.save(staging.resolve(CONFIG_FILE));
    try (OutputStream file = Files.newOutputStream(staging.resolve(PARAMETERS_FILE));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
      encoder.saveParameters(out);
    }
    AtomicFiles.deleteRecursively(target);
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Whether a path is a model folder or its {@code embedding_model} folder. */
  public static boolean isModelFolder(Path path) {
    return Files.isRegularFile(encoderFolder(path).resolve(PARAMETERS_FILE));
  }

  /**
   * Loads from a model folder or straight from its {@code embedding_model} folder; {@link #describe()} and the error
   * for a folder without a model call it {@code name} (the location as the user gave it).
   */
  public static EncoderModel load(Path path, String name) throws IOException {
    Path folder = encoderFolder(path);
    Path parameters = folder.resolve(PARAMETERS_FILE);
    if (!Files.isRegularFile(parameters)) {
      throw new IllegalArgumentException(name + ": no trained embedding model (expected " + FOLDER + "/"
          + PARAMETERS_FILE + " in it)");
    }
    EmbeddingConfig config = EmbeddingConfig.load(folder.resolve(CONFIG_FILE));
    NDManager manager = NDManager.newBaseManager(Device.cpu());
    try {
      Block encoder = EncoderNetwork.encoder(config);
      encoder.initialize(manager, DataType.FLOAT32, EncoderNetwork.inputShape(config, 1));
      try (InputStream file = Files.newInputStream(parameters);
          DataInputStream in = new DataInputStream(new BufferedInputStream(file))) {
        encoder.loadParameters(manager, in);
      } catch (MalformedModelException | IOException | RuntimeException e) {
        throw new IllegalArgumentException(parameters + ": does not match " + folder.resolve(CONFIG_FILE)
            + " or is damaged: " + e.getMessage(), e);
      }
      return new EncoderModel(config, manager, encoder, name);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The folder holding the encoder's files, given a model folder or that folder itself. */
  public static Path encoderFolder(Path path) {
    return Files.isDirectory(path.resolve(FOLDER)) ? path.resolve(FOLDER) : path;
  }

  public EmbeddingConfig config() {
    return config;
  }

  @Override
  public int embeddingSize() {
    return config.embeddingSize;
  }

  @Override
  public String describe() {
    return "trained encoder " + source + " (" + config.inputSize + "×" + config.inputSize + " input, "
        + config.embeddingSize + " dimensions)";
  }

  @Override
  public float[][] embed(List<BufferedImage> images) {
    return embedInk(images.stream().map(InkImage::of).toList());
  }

  /** Embeddings of already-extracted ink (evaluation reuses the ink of its jittered renders). */
  public float[][] embedInk(List<InkImage> inks) {
    if (inks.isEmpty()) {
      return new float[0][];
    }
    int size = input.inputSize();
    float[] pixels = new float[inks.size() * size * size];
    for (int i = 0; i < inks.size(); i++) {
      System.arraycopy(input.pixels(inks.get(i)), 0, pixels, i * size * size, size * size);
    }
    try (NDManager batch = manager.newSubManager()) {
      NDArray x = batch.create(pixels, new Shape(inks.size(), 1, size, size));
      NDArray embeddings = encoder.forward(new ParameterStore(batch, false), new NDList(x), false)
          .singletonOrThrow();
      return toRows(EmbeddingObjective.l2Normalize(embeddings));
    }
  }

  /** A (N, D) array as N rows. */
  static float[][] toRows(NDArray matrix) {
    int rows = (int) matrix.getShape().get(0);
    int columns = (int) (matrix.size() / Math.max(1, rows));
    float[] flat = matrix.toFloatArray();
    float[][] out = new float[rows][columns];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * columns, out[r], 0, columns);
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }

}
