package org.signwriting.animation.diffusion;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.signwriting.animation.embedding.SignEmbedder;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.embedding.TorchScriptEncoder;
import org.signwriting.animation.pose.HandShift;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseCanvas;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseWriter;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignRenderer;
import org.signwriting.animation.signwriting.SignWriting;

/**
 * SignWriting to a {@code .pose}, with nothing but a trained model folder: each sign is rendered as the model
 * input image and embedded by the folder's copy of the encoder, the diffusion sampler animates the signs one
 * after the other from the mean pose, and the result is denormalized (by the sampler), its hands put back on
 * the body's wrists, and laid out in the training poses' header at their fps.
 */
public final class SignAnimator implements AutoCloseable {

  private static final Gson GSON = new Gson();

  /** The training poses' mean movement per frame and coordinate, the yardstick of the displacement ratio. */
  record TrainingMotion(double meanDisplacement) {}

  /**
   * An animation: the pose (shoulder-normalized, the training space), each sign's frame count, and its movement
   * relative to the training poses'.
   */
  public record Animation(Pose pose, int[] framesPerSign, double displacementRatio) {
    /** The pose in pixels of a canvas, as pose-format's viewer and the pose viewers draw it. */
    public Pose inCanvas(PoseCanvas canvas) {
      return canvas.toPixels(pose);
    }
  }

  /** Hears how far sampling is: frames done of the total, after every chunk. */
  @FunctionalInterface
  public interface Progress {
    void frames(int done, int total);
  }

  private final DiffusionSampler sampler;
  private final SignEmbedder embedder;
  private final Pose header;
  private final TrainingMotion motion;
  private final AnimationLimits limits;

  private SignAnimator(DiffusionSampler sampler, SignEmbedder embedder, Pose header, TrainingMotion motion,
      AnimationLimits limits) {
    this.sampler = sampler;
    this.embedder = embedder;
    this.header = header;
    this.motion = motion;
    this.limits = limits;
  }

  /** Opens a model folder with the {@link AnimationLimits#DEFAULT} limits. */
  public static SignAnimator open(Path modelFolder) throws IOException {
    return open(modelFolder, AnimationLimits.DEFAULT);
  }

  /**
   * Opens a model folder written by {@code train}; it must hold an embedding model (conditioned training). Every
   * request is checked against {@code limits} before any work.
   */
  public static SignAnimator open(Path modelFolder, AnimationLimits limits) throws IOException {
    ModelFolder folder = new ModelFolder(modelFolder);
    if (!Files.isDirectory(modelFolder)) {
      throw new java.nio.file.NoSuchFileException(modelFolder.toString());
    }
    Path encoder = Files.isDirectory(folder.embeddingModel()) ? folder.embeddingModel()
        : folder.embeddingTorchScript();
    if (!Files.exists(encoder)) {
      throw new IllegalArgumentException(modelFolder + ": no embedding model in the model folder (was it "
          + "trained unconditionally? it animates SignWriting once fine-tuned with sign embeddings)");
    }
    ModelFolder.requireFile(folder.poseHeader());
    Pose header = PoseReader.read(folder.poseHeader());
    TrainingMotion motion = readMotion(folder.trainingMotion());
    DiffusionSampler sampler = DiffusionSampler.open(modelFolder);
    try {
      int points = sampler.config().model().points();
      if (header.header().totalPoints() != points || header.header().dims() != sampler.config().model().dims()) {
        throw new IllegalArgumentException(folder.poseHeader() + ": the header has " + header.header().totalPoints()
            + " points, the model " + points);
      }
      SignEmbedder embedder = SignEmbedders.open(encoder);
      if (embedder.embeddingSize() != sampler.config().model().signEmbeddingSize()) {
        embedder.close();
        throw new IllegalArgumentException(encoder + ": embeds into " + embedder.embeddingSize()
            + " numbers, the diffusion model expects " + sampler.config().model().signEmbeddingSize());
      }
      return new SignAnimator(sampler, embedder, header, motion, limits);
    } catch (IOException | RuntimeException e) {
      sampler.close();
      throw e;
    }
  }

  /** The guidance scale the model was configured with. */
  public float guidanceScale() {
    return sampler.config().diffusion().guidanceScale();
  }

  /**
   * The canvas of the model's header: {@link PoseCanvas#DEFAULT} for models trained since animations are written
   * in pixels.
   */
  public PoseCanvas canvas() {
    return PoseCanvas.of(header.header());
  }

  /** The frame rate of the training poses, and so of the animations. */
  public float fps() {
    return header.body().fps();
  }

  /** The limits every request is checked against. */
  public AnimationLimits limits() {
    return limits;
  }

  /**
   * Animates the signs of {@code signWriting} (FSW or SWU, several separated by spaces) in order.
   *
   * @param framesPerSign frames of each sign, or null for the length the model predicts from the sign
   * @throws org.signwriting.animation.signwriting.SignWritingException for text that is not SignWriting
   * @throws AnimationLimits.LimitException for a request beyond the {@link #limits()}, before any work
   */
  public Animation animate(String signWriting, Integer framesPerSign, float guidance, long seed) {
    return animate(signWriting, framesPerSign, guidance, seed, (done, total) -> { });
  }

  /** As {@link #animate(String, Integer, float, long)}, telling {@code progress} after every sampled chunk. */
  public Animation animate(String signWriting, Integer framesPerSign, float guidance, long seed, Progress progress) {
    List<Sign> signs = SignWriting.parse(signWriting);
    if (signs.isEmpty()) {
      throw new IllegalArgumentException("no sign in \"" + signWriting + "\"");
    }
    limits.checkRequest(signs.size(), framesPerSign);
    List<BufferedImage> images = new ArrayList<>();
    for (Sign sign : signs) {
      images.add(SignRenderer.modelInput(List.of(sign)).image());
    }
    float[][] embeddings = embedder.embed(images);
    List<float[]> conditions = new ArrayList<>();
    for (int i = 0; i < signs.size(); i++) {
      conditions.add(sampler.condition(embeddings[i], signs.get(i).toFsw()));
    }
    int[] frames = new int[signs.size()];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = framesPerSign != null ? framesPerSign
          : Math.min(sampler.predictFrames(conditions.get(i)), limits.maxFramesPerSign());
    }
    limits.checkTotal(frames);
    int totalFrames = Arrays.stream(frames).sum();
    float[] data = sampler.animate(conditions, frames, guidance, seed, done -> progress.frames(done, totalFrames));
    DiffusionConfig.Model m = sampler.config().model();
    int total = data.length / m.frameSize();
    double ratio = motion.meanDisplacement() == 0 ? Double.NaN
        : MotionMetrics.meanDisplacement(data, null, m.points(), m.dims()) / motion.meanDisplacement();
    float[] confidence = new float[total * m.points()];
    Arrays.fill(confidence, 1);
    PoseHeader layout = header.header();
    Pose shifted = new Pose(layout, new PoseBody(fps(), total, 1, m.points(), m.dims(), data, confidence));
    return new Animation(HandShift.unshift(shifted), frames, ratio);
  }

  /**
   * Completes a model folder for {@link #open}: the header of the generated poses (the layout of the training
   * poses, the {@link PoseCanvas#DEFAULT default canvas}'s width and height) at the training fps, the training
   * poses' mean movement per frame ({@code meanDisplacement}, in pose units with hands shifted, the space the
   * sampler generates in) and a copy of the sign encoder (a train-embedding-model folder or a TorchScript file); a
   * null {@code embeddingModel} leaves the folder without one (unconditional training).
   */
  public static void completeFolder(ModelFolder folder, PoseHeader layout, float fps, double meanDisplacement,
      Path embeddingModel) throws IOException {
    Pose headerOnly = PoseCanvas.DEFAULT.label(new Pose(layout, new PoseBody(fps, 0, 1, layout.totalPoints(),
        layout.dims(), new float[0], new float[0])));
    ModelFolder.writeAtomically(folder.poseHeader(), out -> PoseWriter.write(headerOnly, out));
    TrainingMotion motion = new TrainingMotion(meanDisplacement);
    ModelFolder.writeAtomically(folder.trainingMotion(), out -> out.write(GSON.toJson(motion)
        .getBytes(StandardCharsets.UTF_8)));
    if (embeddingModel != null) {
      copyEmbeddingModel(embeddingModel, folder);
    }
  }

  /** A train-embedding-model folder's encoder files, or a TorchScript file, into the model folder. */
  private static void copyEmbeddingModel(Path source, ModelFolder folder) throws IOException {
    List<Path> files = SignEmbedders.files(source);
    if (TorchScriptEncoder.isTorchScript(files.get(0))) {
      ModelFolder.writeAtomically(folder.embeddingTorchScript(), out -> Files.copy(files.get(0), out));
      return;
    }
    Files.createDirectories(folder.embeddingModel());
    for (Path file : files) {
      ModelFolder.writeAtomically(folder.embeddingModel().resolve(file.getFileName()), out -> Files.copy(file, out));
    }
  }

  private static TrainingMotion readMotion(Path file) throws IOException {
    ModelFolder.requireFile(file);
    try {
      TrainingMotion motion = GSON.fromJson(Files.readString(file), TrainingMotion.class);
      if (motion == null) {
        throw new IllegalArgumentException(file + ": empty");
      }
      return motion;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": not a training motion file: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    embedder.close();
    sampler.close();
  }
}
