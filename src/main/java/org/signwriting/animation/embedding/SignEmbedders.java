package org.signwriting.animation.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.signwriting.animation.io.Inputs;

/** Opens whatever an embedding-model path names: a trained model folder or a TorchScript file. */
public final class SignEmbedders {
  private SignEmbedders() {}

  /**
   * The model a location (a path or a URI, {@link Inputs}) names. Besides the model folder and the TorchScript file,
   * the path the seed's command line passes, {@code MODEL_FOLDER/embedding_model.pth}, names the
   * train-embedding-model folder {@code MODEL_FOLDER} when no such file exists: this project keeps the encoder in
   * {@code MODEL_FOLDER/embedding_model/}.
   */
  public static String resolve(Inputs inputs, String location) throws IOException {
    if (inputs.exists(location)) {
      return location;
    }
    String path = location.replace('\\', '/');
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    String parent = slash > 0 ? location.substring(0, slash) : ".";
    String parameters = inputs.resolve(inputs.resolve(parent, EncoderModel.FOLDER), EncoderModel.PARAMETERS_FILE);
    if (name.startsWith(EncoderModel.FOLDER + ".") && inputs.isFile(parameters)) {
      return parent;
    }
    return location;
  }

  /** {@link #resolve(Inputs, String)} for a local path. */
  public static Path resolve(Path path) throws IOException {
    return Path.of(resolve(Inputs.local(), path.toString()));
  }

  public static SignEmbedder open(Path model) throws IOException {
    return open(model, resolve(model).toString());
  }

  /**
   * As {@link #open(Path)}, for a model known to the user as {@code name}: the location they gave, where
   * {@code model} is the local copy read ({@link Inputs#local}). Its {@link SignEmbedder#describe()} and the errors
   * here call it {@code name}.
   */
  public static SignEmbedder open(Path model, String name) throws IOException {
    Path path = resolve(model);
    if (!Files.exists(path)) {
      throw new NoSuchFileException(name);
    }
    if (EncoderModel.isModelFolder(path)) {
      return EncoderModel.load(path, name);
    }
    if (TorchScriptEncoder.isTorchScript(path)) {
      return TorchScriptEncoder.load(path, name);
    }
    throw new IllegalArgumentException(name + ": neither a model folder with " + EncoderModel.FOLDER
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
