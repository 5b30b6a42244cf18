package org.signwriting.animation.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.diffusion.AnimationLimits;
import org.signwriting.animation.diffusion.SignAnimator;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseComponent;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.signwriting.SignWriting;

/**
 * The HTTP service on 127.0.0.1 with a stand-in animator, so that every answer (and the busy ones) can be
 * provoked at will; {@code ServedModelTest} serves a real model.
 */
class AnimationServerTest {

  private static final String SIGN = "M518x529S14c20481x471S27106503x489";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private AnimationServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A two-point pose of {@code frames} frames whose x is the seed: enough to tell requests apart. */
  static SignAnimator.Animation standIn(String text, Integer frames, Float guidance, long seed) {
    int signs = SignWriting.parse(text).size();
    new AnimationLimits(2, 100, 150).checkRequest(signs, frames);
    int perSign = frames == null ? 5 : frames;
    int total = perSign * signs;
    PoseHeader header = new PoseHeader(0.2f, 64, 64, 0, List.of(new PoseComponent("BODY", "XYC",
        List.of("A", "B"), List.of(new PoseComponent.Limb(0, 1)), List.of(new PoseComponent.Rgb(255, 0, 0)))));
    float[] data = new float[total * 2 * 2];
    Arrays.fill(data, seed);
    float[] confidence = new float[total * 2];
    Arrays.fill(confidence, 1);
    int[] framesPerSign = new int[signs];
    Arrays.fill(framesPerSign, perSign);
    return new SignAnimator.Animation(new Pose(header, new PoseBody(25, total, 1, 2, 2, data, confidence)),
        framesPerSign, guidance == null ? 1.0 : guidance);
  }

  private URI start(AnimationServer.Animator animator, int workers, int queue, Duration wait, Duration timeout)
      throws IOException {
    server = AnimationServer.start(animator, new AnimationServer.Settings("127.0.0.1", 0, workers, queue, wait,
        timeout, 256, "stand-in"));
    return server.uri();
  }

  private URI start() throws IOException {
    return start((text, frames, guidance, seed, progress) -> standIn(text, frames, guidance, seed), 2, 2,
        Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  private static HttpResponse<byte[]> post(URI uri, String body, String contentType) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> post(URI uri, String body) throws Exception {
    return post(uri, body, "text/plain; charset=utf-8");
  }

  /** Asserts an error answer: its status, and the JSON body's status and reason. */
  private static void assertError(HttpResponse<byte[]> response, int status, String reasonStart) {
    assertEquals(status, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    JsonObject body = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals(status, body.get("status").getAsInt());
    String reason = body.get("error").getAsString();
    assertTrue(reason.startsWith(reasonStart) && !reason.contains("\n"), reason);
  }

  @Test
  void animatesSignWritingIntoAPoseFile() throws Exception {
    URI base = start();
    HttpResponse<byte[]> response = post(base.resolve("/animate?frames=7&seed=3"), SIGN + " " + SIGN);
    assertEquals(200, response.statusCode());
    assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals("14", response.headers().firstValue("X-Frames").orElse(""));
    assertEquals("7,7", response.headers().firstValue("X-Frames-Per-Sign").orElse(""));
    Pose pose = PoseReader.read("answer", response.body(), FrameRange.all());
    assertEquals(14, pose.body().frames());
    assertEquals(3f, pose.body().data()[0]);

    HttpResponse<byte[]> json = post(base.resolve("/animate?guidance=2"), "{\"signwriting\": \"" + SIGN + "\"}",
        "application/json");
    assertEquals(200, json.statusCode());
    assertEquals("2.0000", json.headers().firstValue("X-Displacement-Ratio").orElse(""));
    assertEquals(1f, PoseReader.read("answer", json.body(), FrameRange.all()).body().data()[0], "seed 1 by default");

    HttpResponse<byte[]> gif = post(base.resolve("/animate?preview=gif&width=64"), SIGN);
    assertEquals(200, gif.statusCode());
    assertEquals("image/gif", gif.headers().firstValue("Content-Type").orElse(""));
    assertEquals("GIF89a", new String(gif.body(), 0, 6, StandardCharsets.US_ASCII));
  }

  @Test
  void healthSaysWhatIsServedAndHowBusy() throws Exception {
    URI base = start();
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    JsonObject health = JsonParser.parseString(response.body()).getAsJsonObject();
    assertEquals("ok", health.get("status").getAsString());
    assertEquals("stand-in", health.get("model").getAsString());
    assertEquals(2, health.get("workers").getAsInt());
    assertEquals(0, health.get("busy").getAsInt());
  }

  @Test
  void badRequestsAreAnsweredWithTheirReason() throws Exception {
    URI base = start();
    assertError(post(base.resolve("/animate"), "M518x529S14c2"), 400, "bad SignWriting \"M518x529S14c2\" at offset");
    assertError(post(base.resolve("/animate"), "  "), 400, "the body is empty");
    assertError(post(base.resolve("/animate?frames=many"), SIGN), 400, "frames=many: not a whole number");
    assertError(post(base.resolve("/animate?color=red"), SIGN), 400, "unknown parameter color");
    assertError(post(base.resolve("/animate?preview=mp4"), SIGN), 400, "preview=mp4");
    assertError(post(base.resolve("/animate?guidance=-1"), SIGN), 400, "guidance=-1.0");
    assertError(post(base.resolve("/animate"), "{\"sign\": 1}", "application/json"), 400,
        "the JSON body needs a \"signwriting\" string");
    assertError(post(base.resolve("/animate"), "x".repeat(257)), 413, "the body has 257 bytes, more than the 256");
    assertError(post(base.resolve("/animate?frames=101"), SIGN), 422, "101 frames a sign");
    assertError(post(base.resolve("/animate"), SIGN + " " + SIGN + " " + SIGN), 422, "3 signs are more than the 2");
    HttpResponse<byte[]> get = CLIENT.send(HttpRequest.newBuilder(base.resolve("/animate")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertError(get, 405, "GET /animate: use POST");
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    assertError(CLIENT.send(HttpRequest.newBuilder(base.resolve("/nowhere")).build(),
        HttpResponse.BodyHandlers.ofByteArray()), 404, "no such endpoint: /nowhere");
  }

  @Test
  void aFailingAnimationIsA500AndTheServerGoesOn() throws Exception {
    URI base = start((text, frames, guidance, seed, progress) -> {
      if (seed == 13) {
        throw new IllegalStateException("weights went missing\nsecond line");
      }
      return standIn(text, frames, guidance, seed);
    }, 1, 0, Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertError(post(base.resolve("/animate?seed=13"), SIGN), 500, "the animation failed: weights went missing");
    assertEquals(200, post(base.resolve("/animate?seed=14"), SIGN).statusCode());
  }

  @Test
  void moreRequestsThanWorkersAndQueueAreTurnedAwayAndSlowOnesStopped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    URI base = start((text, frames, guidance, seed, progress) -> {
      if (seed == 1) {
        started.countDown();
        await(release);
      }
      if (seed == 2) {
        sleep(300);
        progress.frames(5, 10); // past the timeout: the server stops it here
      }
      return standIn(text, frames, guidance, seed);
    }, 1, 0, Duration.ofMillis(200), Duration.ofMillis(100));
    CompletableFuture<HttpResponse<byte[]>> first = CLIENT.sendAsync(HttpRequest.newBuilder(
        base.resolve("/animate?seed=1")).POST(HttpRequest.BodyPublishers.ofString(SIGN)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(started.await(10, TimeUnit.SECONDS));
    HttpResponse<byte[]> refused = post(base.resolve("/animate?seed=5"), SIGN);
    assertError(refused, 503, "busy: all 1 workers are busy and 0 requests wait");
    assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
    HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(1, JsonParser.parseString(health.body()).getAsJsonObject().get("busy").getAsInt(),
        "health answers while the worker is busy");
    release.countDown();
    assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
    assertError(post(base.resolve("/animate?seed=2"), SIGN), 503, "the animation took longer than 100 ms (5 of 10");
  }

  @Test
  void aRequestWaitsForAWorkerOnlyAsLongAsAllowed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    URI base = start((text, frames, guidance, seed, progress) -> {
      if (seed == 1) {
        started.countDown();
        await(release);
      }
      return standIn(text, frames, guidance, seed);
    }, 1, 1, Duration.ofMillis(300), Duration.ofSeconds(30));
    CompletableFuture<HttpResponse<byte[]>> first = CLIENT.sendAsync(HttpRequest.newBuilder(
        base.resolve("/animate?seed=1")).POST(HttpRequest.BodyPublishers.ofString(SIGN)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertError(post(base.resolve("/animate?seed=5"), SIGN), 503, "busy: no worker was free within 300 ms");
    release.countDown();
    assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
    assertEquals(200, post(base.resolve("/animate?seed=6"), SIGN).statusCode());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
