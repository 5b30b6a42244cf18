package org.signwriting.animation.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.cli.Swa;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.AnimationLimits;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.ModelFolder;
import org.signwriting.animation.diffusion.SignAnimator;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.pose.Holistic;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.testing.SharedData;

/**
 * A real model folder (a tiny encoder and diffusion model trained for a step, the 178-point holistic layout)
 * served on 127.0.0.1: real animations over HTTP, seeded, side by side on two workers.
 */
class ServedModelTest {
  private static final String SIGN = "M518x529S14c20481x471S27106503x489";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir static Path dir;
  private static SignAnimator animator;
  private static AnimationServer server;

  @BeforeAll
  static void serveATinyModel() throws IOException {
    PoseHeader layout = Holistic.reduce(PoseReader.read(SharedData.path("poses/pose-viewer-sample-holistic.pose"),
        FrameRange.frames(0, 1))).header();
    Path signs = Files.writeString(dir.resolve("signs.txt"), String.join("\n", SIGN, "M507x507S1f720487x492",
        "M522x525S10e20478x474S20356478x510", "M508x507S16d20491x487"));
    Path encoderConfig = Files.writeString(dir.resolve("encoder.json"), """
        {"inputSize": 16, "minCropSize": 96, "stageChannels": [4, 8], "embeddingSize": 8,
         "training": {"batchSize": 4, "learningRate": 0.01, "epochs": 1, "maxSteps": 1}}
        """);
    Path encoder = dir.resolve("encoder");
    assertEquals(0, Swa.commandLine().execute("train-embedding-model", "--extra-signs", signs.toString(),
        "--model-folder", encoder.toString(), "--config", encoderConfig.toString()));
    DiffusionConfig config = new DiffusionConfig(
        new DiffusionConfig.Model(layout.totalPoints(), layout.dims(), 8, 32, 64, 1, 2, 0.1f, 8, 4, 0),
        new DiffusionConfig.Diffusion(4, "cosine", 0.15f, 2.0f),
        new DiffusionConfig.Loss(1.0f, 0.5f, 0.1f, false),
        new DiffusionConfig.Training(4, 1, 1e-3f, 0.1f, 0f, 0.995f, 100));
    List<Sequence> motion = moving(layout.totalPoints(), layout.dims());
    Path model = dir.resolve("model");
    new DiffusionTrainer(config, model).train(new DiffusionTrainer.Data(motion, List.of(),
        TrainingWindows.statistics(motion)), DiffusionTrainer.Options.seeded(1, 2));
    // The training motion is only the yardstick of the displacement ratio: any positive number will do here.
    SignAnimator.completeFolder(new ModelFolder(model), layout, 25f, 1.0, encoder);
    animator = SignAnimator.open(model, new AnimationLimits(3, 40, 60));
    server = AnimationServer.start(AnimationServer.Animator.of(animator), new AnimationServer.Settings("127.0.0.1",
        0, 2, 2, Duration.ofSeconds(30), Duration.ofSeconds(60), 4096, model.toString()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (animator != null) {
      animator.close();
    }
  }

  /** Two signs' worth of slowly moving points. */
  private static List<Sequence> moving(int points, int dims) {
    List<Sequence> sequences = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      int frames = 16;
      float[] data = new float[frames * points * dims];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) Math.sin(0.3 * (i / (points * dims)) + i % (points * dims) + s);
      }
      float[] confidence = new float[frames * points];
      Arrays.fill(confidence, 1);
      float[] sign = new float[8];
      sign[s] = 1;
      sequences.add(new Sequence("moving-" + s, frames, points, dims, data, confidence, sign, null));
    }
    return sequences;
  }

  private static HttpResponse<byte[]> animate(String query) throws Exception {
    return CLIENT.send(request(query), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest request(String query) {
    URI uri = server.uri().resolve("/animate" + query);
    return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(SIGN)).build();
  }

  @Test
  void servesSeededAnimationsOfTheModelsLayout() throws Exception {
    HttpResponse<byte[]> response = animate("?frames=6&seed=2");
    assertEquals(200, response.statusCode(), new String(response.body()));
    Pose pose = PoseReader.read("answer", response.body(), FrameRange.all());
    assertEquals(6, pose.body().frames());
    assertEquals(178, pose.header().totalPoints());
    assertEquals(25f, pose.body().fps());
    assertArrayEquals(response.body(), animate("?frames=6&seed=2").body(), "same seed, same bytes");
    assertFalse(Arrays.equals(response.body(), animate("?frames=6&seed=3").body()));

    HttpResponse<byte[]> predicted = animate("");
    assertEquals(200, predicted.statusCode());
    int frames = Integer.parseInt(predicted.headers().firstValue("X-Frames").orElseThrow());
    assertTrue(frames >= 4 && frames <= 40, "the predicted length, within the limit: " + frames);
  }

  @Test
  void requestsSampledSideBySideEachFollowTheirSeed() throws Exception {
    byte[] two = animate("?frames=9&seed=2").body();
    byte[] three = animate("?frames=9&seed=3").body();
    List<CompletableFuture<HttpResponse<byte[]>>> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // 2 workers, 2 waiting: all admitted
      running.add(CLIENT.sendAsync(request("?frames=9&seed=" + (2 + i % 2)), HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < running.size(); i++) {
      HttpResponse<byte[]> response = running.get(i).get();
      assertEquals(200, response.statusCode());
      assertArrayEquals(i % 2 == 0 ? two : three, response.body(), "request " + i);
    }
  }
}
