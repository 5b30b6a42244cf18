package org.signwriting.animation.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Opens whatever an embedding-model path names: a trained model folder or a TorchScript file. */
public final class SignEmbedders {
  private SignEmbedders() {}

  /**
   * The model a path names. Besides the model folder and the TorchScript file, the path the seed's command line
   * passes, {@code MODEL_FOLDER/embedding_model.pth}, names the train-embedding-model folder {@code MODEL_FOLDER}
   * when no such file exists: this project keeps the encoder in {@code MODEL_FOLDER/embedding_model/}.
   */
  public static Path resolve(Path path) {
    if (Files.exists(path)) {
      return path;
    }
    Path name = path.getFileName();
    Path parent = path.toAbsolutePath().getParent();
    if (name != null && parent != null && name.toString().startsWith(EncoderModel.FOLDER + ".")
        && EncoderModel.isModelFolder(parent)) {
      return parent;
    }
    return path;
  }

  public static SignEmbedder open(Path model) throws IOException {
    Path path = resolve(model);
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
    if (EncoderModel.isModelFolder(path)) {
      return EncoderModel.load(path);
    }
    if (TorchScriptEncoder.isTorchScript(path)) {
      return TorchScriptEncoder.load(path);
    }
    throw new IllegalArgumentException(path + ": neither a model folder with " + EncoderModel.FOLDER
        + "/ (from train-embedding-model) nor a TorchScript file");
  }

  /**
   * The files that make up a model: a trained encoder's {@code config.json} and {@code encoder.params}, or the
   * TorchScript file; what a copy of the model needs (hidden files, such as a file system's checksums, left out).
   */
  public static List<Path> files(Path model) throws IOException {
    Path path = resolve(model);
    if (TorchScriptEncoder.isTorchScript(path)) {
      return List.of(path);
    }
    if (!EncoderModel.isModelFolder(path)) {
      throw new IllegalArgumentException(path + ": neither a model folder with " + EncoderModel.FOLDER
          + "/ (from train-embedding-model) nor a TorchScript file");
    }
    try (Stream<Path> files = Files.list(EncoderModel.encoderFolder(path))) {
      return files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).sorted()
          .toList();
    }
  }
}
