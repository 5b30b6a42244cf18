package org.signwriting.animation.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens whatever an embedding-model path names: a trained model folder or a TorchScript file. */
public final class SignEmbedders {
  private SignEmbedders() {}

  public static SignEmbedder open(Path path) throws IOException {
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
}
