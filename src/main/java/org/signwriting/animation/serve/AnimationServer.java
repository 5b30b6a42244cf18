package org.signwriting.animation.serve;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.signwriting.animation.diffusion.AnimationLimits;
import org.signwriting.animation.diffusion.SignAnimator;
import org.signwriting.animation.pose.PoseVisualizer;
import org.signwriting.animation.pose.PoseWriter;
import org.signwriting.animation.signwriting.SignWritingException;

/**
 * SignWriting to {@code .pose} over HTTP, for apps that animate signs without paying the JVM's and the model's
 * start-up for each: the model is loaded once, requests share it.
 *
 * <ul>
 *   <li>{@code POST /animate} with the SignWriting (FSW or SWU, several signs separated by spaces) as the body
 *       ({@code text/plain}, UTF-8; or JSON {@code {"signwriting": "..."}}); query parameters {@code frames} (per
 *       sign; default: the length the model predicts), {@code guidance}, {@code seed} (default 1: same seed, same
 *       bytes), {@code preview=gif} (an animated GIF instead of the pose, {@code width} pixels wide). Answers
 *       {@code application/octet-stream} (a v0.2 {@code .pose}) or {@code image/gif}; headers {@code X-Frames},
 *       {@code X-Frames-Per-Sign}, {@code X-Displacement-Ratio}.
 *   <li>{@code GET /health}: {@code 200} and a JSON status (model, workers, busy, waiting, served, failed).
 * </ul>
 *
 * <p>Limits: at most {@code workers} animations run at once (each on one thread of the engine), at most
 * {@code queue} more wait, each for at most {@code queueWait}; beyond that the answer is {@code 503} with
 * {@code Retry-After}, as it is for an animation that samples longer than {@code timeout}. A body over
 * {@code maxBodyBytes} is {@code 413}; signs and frames beyond the animator's {@link AnimationLimits} are
 * {@code 422}; text that is not SignWriting and bad parameters are {@code 400}. Every error body is JSON:
 * {@code {"status": 400, "error": "..."}}, the reason in one line. Requests that read or write slowly are cut
 * off by the JDK server's own timers ({@code sun.net.httpserver.maxReqTime}, {@code maxRspTime}: 30 and 60 s
 * unless set).
 */
public final class AnimationServer implements AutoCloseable {

  private static final Gson GSON = new Gson();
  private static final int MAX_PREVIEW_WIDTH = 1024;
  private static final int DEFAULT_PREVIEW_WIDTH = 320;

  /** What a request animates with: {@link SignAnimator#animate}, or a stand-in in tests. */
  @FunctionalInterface
  public interface Animator {
    /**
     * @param framesPerSign null: the length the model predicts
     * @param guidance null: the model's configured scale
     * @param progress told after every sampled chunk; it may throw to stop the animation
     */
    SignAnimator.Animation animate(String signWriting, Integer framesPerSign, Float guidance, long seed,
        SignAnimator.Progress progress);

    /** A loaded model's animator (its limits are the server's). */
    static Animator of(SignAnimator animator) {
      return (text, frames, guidance, seed, progress) -> animator.animate(text, frames,
          guidance == null ? animator.guidanceScale() : guidance, seed, progress);
    }
  }

  /**
   * How the server listens and what it allows.
   *
   * @param host the address to bind, e.g. {@code 127.0.0.1} (only this machine) or {@code 0.0.0.0}
   * @param port the port, 0 for any free one
   * @param workers animations at once
   * @param queue requests that may wait for a worker
   * @param queueWait how long a request may wait for a worker
   * @param timeout how long one animation may sample (checked after every chunk of frames)
   * @param maxBodyBytes the largest request body
   * @param description what is served, for {@code /health} (e.g. the model folder)
   */
  public record Settings(String host, int port, int workers, int queue, Duration queueWait, Duration timeout,
      int maxBodyBytes, String description) {

    public Settings {
      if (workers < 1 || queue < 0 || maxBodyBytes < 1 || queueWait.isNegative() || timeout.isNegative()
          || timeout.isZero() || port < 0 || port > 65535) {
        throw new IllegalArgumentException("server settings: workers must be at least 1, queue and wait at least "
            + "0, the timeout positive, the body limit at least 1 byte and the port 0 to 65535 (got " + workers
            + " workers, queue " + queue + ", wait " + queueWait + ", timeout " + timeout + ", " + maxBodyBytes
            + " bytes, port " + port + ")");
      }
    }
  }

  private final Animator animator;
  private final Settings settings;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final Semaphore workerSlots;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final long startedNanos = System.nanoTime();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  static {
    // Read once, when the JDK's server classes load: bound how long a client may take to send a request and to
    // read the answer, so that slow clients cannot hold the threads.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", "30");
    }
    if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
      System.setProperty("sun.net.httpserver.maxRspTime", "60");
    }
  }

  private AnimationServer(Animator animator, Settings settings) throws IOException {
    this.animator = animator;
    this.settings = settings;
    this.workerSlots = new Semaphore(settings.workers(), true);
    server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
    // Enough threads for every admitted request, plus a few to answer health checks and refusals at once.
    handlers = Executors.newFixedThreadPool(settings.workers() + settings.queue() + 2, runnable -> {
      Thread thread = new Thread(runnable, "swa-serve");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(handlers);
    server.createContext("/animate", exchange -> handle(exchange, this::animate));
    server.createContext("/health", exchange -> handle(exchange, this::health));
    server.createContext("/", exchange -> handle(exchange, e -> {
      throw new HttpError(404, "no such endpoint: " + e.getRequestURI().getPath() + " (POST /animate, GET /health)");
    }));
  }

  /** Starts serving; the address is bound when this returns. */
  public static AnimationServer start(Animator animator, Settings settings) throws IOException {
    AnimationServer server = new AnimationServer(animator, settings);
    server.server.start();
    return server;
  }

  /** The bound address, e.g. {@code http://127.0.0.1:41234/}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
  }

  /** Lets the requests being answered finish (two seconds at most), then stops listening and the threads. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long end = System.nanoTime() + 2_000_000_000L;
      while (admitted.get() > 0 && System.nanoTime() < end) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      // The JDK server's own grace period always runs to its end, whatever is left to answer.
      server.stop(0);
      handlers.shutdownNow();
    }
  }

  private interface Handler {
    Response respond(HttpExchange exchange) throws IOException;
  }

  private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Response json(int status, Object value) {
      return new Response(status, "application/json", GSON.toJson(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  /** An answer other than 200, with its one-line reason. */
  private static final class HttpError extends RuntimeException {
    final int status;
    final Map<String, String> headers;

    HttpError(int status, String reason) {
      this(status, reason, Map.of());
    }

    HttpError(int status, String reason, Map<String, String> headers) {
      super(reason);
      this.status = status;
      this.headers = headers;
    }
  }

  private void handle(HttpExchange exchange, Handler handler) {
    try (exchange) {
      Response response;
      try {
        response = handler.respond(exchange);
      } catch (HttpError e) {
        response = error(e.status, e.getMessage(), e.headers);
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        response = error(500, "the animation failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
            : e.getMessage().lines().findFirst().orElse("")), Map.of());
      }
      send(exchange, response);
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private static Response error(int status, String reason, Map<String, String> headers) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    body.put("error", reason);
    Response json = Response.json(status, body);
    return new Response(status, json.contentType(), json.body(), headers);
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    response.headers().forEach(headers::set);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }

  private Response health(HttpExchange exchange) {
    requireMethod(exchange, "GET", "HEAD");
    Map<String, Object> status = new HashMap<>();
    status.put("status", "ok");
    status.put("model", settings.description());
    status.put("workers", settings.workers());
    status.put("busy", settings.workers() - workerSlots.availablePermits());
    status.put("waiting", workerSlots.getQueueLength());
    status.put("served", served.get());
    status.put("failed", failed.get());
    status.put("uptimeSeconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
    return Response.json(200, status);
  }

  private Response animate(HttpExchange exchange) throws IOException {
    requireMethod(exchange, "POST");
    Map<String, String> query = query(exchange.getRequestURI());
    Integer frames = query.containsKey("frames") ? intParameter(query, "frames") : null;
    Float guidance = query.containsKey("guidance") ? floatParameter(query, "guidance") : null;
    long seed = query.containsKey("seed") ? longParameter(query, "seed") : 1;
    String preview = query.get("preview");
    if (preview != null && !preview.equals("gif")) {
      throw new HttpError(400, "preview=" + preview + ": the preview is preview=gif");
    }
    int width = query.containsKey("width") ? intParameter(query, "width") : DEFAULT_PREVIEW_WIDTH;
    if (width < 16 || width > MAX_PREVIEW_WIDTH) {
      throw new HttpError(400, "width=" + width + ": the preview is 16 to " + MAX_PREVIEW_WIDTH + " pixels wide");
    }
    if (guidance != null && !(Float.isFinite(guidance) && guidance >= 0)) {
      throw new HttpError(400, "guidance=" + guidance + ": the guidance scale is a number >= 0");
    }
    String text = signWriting(exchange);
    if (admitted.incrementAndGet() > settings.workers() + settings.queue()) {
      admitted.decrementAndGet();
      throw busy("all " + settings.workers() + " workers are busy and " + settings.queue() + " requests wait");
    }
    try {
      boolean slot;
      try {
        slot = workerSlots.tryAcquire(settings.queueWait().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw busy("the server is stopping");
      }
      if (!slot) {
        throw busy("no worker was free within " + settings.queueWait().toMillis() + " ms");
      }
      try {
        return animated(text, frames, guidance, seed, preview != null, width);
      } finally {
        workerSlots.release();
      }
    } finally {
      admitted.decrementAndGet();
    }
  }

  private Response animated(String text, Integer frames, Float guidance, long seed, boolean gif, int width)
      throws IOException {
    SignAnimator.Animation animation;
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    try {
      animation = animator.animate(text, frames, guidance, seed, (done, total) -> {
        if (System.nanoTime() > deadline) {
          throw new HttpError(503, String.format(Locale.ROOT, "the animation took longer than %d ms (%d of %d "
              + "frames done): ask for fewer frames or signs", settings.timeout().toMillis(), done, total),
              Map.of("Retry-After", "1"));
        }
      });
    } catch (SignWritingException e) {
      throw new HttpError(400, e.getMessage());
    } catch (AnimationLimits.LimitException e) {
      throw new HttpError(422, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
    Map<String, String> headers = new HashMap<>();
    int total = animation.pose().body().frames();
    headers.put("X-Frames", Integer.toString(total));
    StringBuilder perSign = new StringBuilder();
    for (int count : animation.framesPerSign()) {
      perSign.append(perSign.length() == 0 ? "" : ",").append(count);
    }
    headers.put("X-Frames-Per-Sign", perSign.toString());
    headers.put("X-Displacement-Ratio", String.format(Locale.ROOT, "%.4f", animation.displacementRatio()));
    byte[] body;
    String type;
    if (gif) {
      Path file = Files.createTempFile("swa-preview-", ".gif");
      try {
        new PoseVisualizer(animation.pose(), width, false).writeGif(file, animation.pose().body().fps(), f -> {});
        body = Files.readAllBytes(file);
      } finally {
        Files.deleteIfExists(file);
      }
      type = "image/gif";
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PoseWriter.write(animation.pose(), out);
      body = out.toByteArray();
      type = "application/octet-stream";
      headers.put("Content-Disposition", "attachment; filename=\"animation.pose\"");
    }
    served.incrementAndGet();
    return new Response(200, type, body, headers);
  }

  private HttpError busy(String reason) {
    long retry = Math.max(1, settings.queueWait().toSeconds());
    return new HttpError(503, "busy: " + reason + "; try again later", Map.of("Retry-After", Long.toString(retry)));
  }

  /** The request's SignWriting: the body as text, or the {@code signwriting} field of a JSON body. */
  private String signWriting(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new HttpError(400, "Content-Length " + length + " is not a number");
      }
      if (declared > settings.maxBodyBytes()) {
        throw tooLarge(declared);
      }
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(settings.maxBodyBytes() + 1);
    }
    if (body.length > settings.maxBodyBytes()) {
      throw tooLarge(body.length);
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      try {
        JsonObject json = JsonParser.parseString(text).getAsJsonObject();
        if (!json.has("signwriting") || !json.get("signwriting").isJsonPrimitive()) {
          throw new HttpError(400, "the JSON body needs a \"signwriting\" string");
        }
        text = json.get("signwriting").getAsString();
      } catch (JsonParseException | IllegalStateException e) {
        throw new HttpError(400, "the body is not JSON: " + e.getMessage());
      }
    }
    if (text.isBlank()) {
      throw new HttpError(400, "the body is empty: send the SignWriting (FSW or SWU) to animate");
    }
    return text.strip();
  }

  private HttpError tooLarge(long bytes) {
    return new HttpError(413, "the body has " + bytes + " bytes, more than the " + settings.maxBodyBytes()
        + " this server accepts");
  }

  private static void requireMethod(HttpExchange exchange, String... allowed) {
    for (String method : allowed) {
      if (method.equals(exchange.getRequestMethod())) {
        return;
      }
    }
    throw new HttpError(405, exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
        + ": use " + String.join(" or ", allowed), Map.of("Allow", String.join(", ", allowed)));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      if (!name.equals("frames") && !name.equals("guidance") && !name.equals("seed") && !name.equals("preview")
          && !name.equals("width")) {
        throw new HttpError(400, "unknown parameter " + name + " (frames, guidance, seed, preview, width)");
      }
      parameters.put(name, value);
    }
    return parameters;
  }

  private static int intParameter(Map<String, String> query, String name) {
    try {
      return Integer.parseInt(query.get(name));
    } catch (NumberFormatException e) {
      throw new HttpError(400, name + "=" + query.get(name) + ": not a whole number");
    }
  }

  private static long longParameter(Map<String, String> query, String name) {
    try {
      return Long.parseLong(query.get(name));
    } catch (NumberFormatException e) {
      throw new HttpError(400, name + "=" + query.get(name) + ": not a whole number");
    }
  }

  private static float floatParameter(Map<String, String> query, String name) {
    try {
      return Float.parseFloat(query.get(name));
    } catch (NumberFormatException e) {
      throw new HttpError(400, name + "=" + query.get(name) + ": not a number");
    }
  }
}
