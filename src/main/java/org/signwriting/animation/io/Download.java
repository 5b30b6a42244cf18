package org.signwriting.animation.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resumable, verified HTTP download into a file. The bytes go to {@code FILE.part}; a run that stops (a dropped
 * connection, an interrupted process) leaves it, and the next run asks the server for the rest only (an HTTP
 * {@code Range} request, guarded by {@code If-Range} with the validator the first response gave, so a file that
 * changed on the server starts over instead of being spliced). A server that ignores ranges sends the whole file
 * again, which is written from the start. The file is complete when its size is the one the server announced (and,
 * when a SHA-256 is given, its digest matches); only then is it moved to its name.
 */
public final class Download {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final int BUFFER = 1 << 16;

  /** What a download did: the file, its size, whether it continued an earlier part, and its SHA-256. */
  public record Result(Path file, long bytes, boolean resumed, boolean alreadyThere, String sha256) {}

  private final HttpClient client;

  public Download(HttpClient client) {
    this.client = client;
  }

  /** A client that follows redirects (GitHub's raw files redirect) and gives up connecting after a minute. */
  public static Download withDefaultClient() {
    return new Download(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofMinutes(1)).build());
  }

  /**
   * Fetches {@code url} into {@code target}. An existing {@code target} is kept when no digest is asked for or its
   * digest matches.
   *
   * @param sha256 the expected SHA-256 (hexadecimal), or null to check the size only
   * @param progress hears the total size (once known, as a negative number) and then the bytes on disk
   */
  public Result fetch(URI url, Path target, String sha256, LongConsumer progress)
      throws IOException, InterruptedException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IOException(url + ": not an http or https URL");
    }
    String expected = sha256 == null ? null : sha256.trim().toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(target) && (expected == null || expected.equals(sha256(target)))) {
      return new Result(target, Files.size(target), false, true, expected == null ? null : expected);
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path part = target.resolveSibling(target.getFileName() + ".part");
    Path validator = target.resolveSibling(target.getFileName() + ".part.validator");
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
    if (have > 0 && Files.isRegularFile(validator)) {
      request.header("Range", "bytes=" + have + "-").header("If-Range", Files.readString(validator).trim());
    } else {
      have = 0;
    }
    HttpResponse<InputStream> response = send(url, request);
    long total;
    boolean resumed;
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 416 && have > 0) {
        // Nothing left to send: the part may already be whole (checked below against the announced size).
        total = totalOfUnsatisfiable(response.headers()).orElse(have);
        resumed = true;
      } else if (status == 206 && have > 0) {
        Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        if (!range.matches() || Long.parseLong(range.group(1)) != have) {
          throw new IOException(url + ": the server answered the request for bytes " + have + "- with "
              + response.headers().firstValue("Content-Range").orElse("no Content-Range"));
        }
        total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
        resumed = true;
        copy(body, part, true, have, total, progress);
      } else if (status == 200) {
        total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        resumed = false;
        String tag = response.headers().firstValue("ETag")
            .or(() -> response.headers().firstValue("Last-Modified")).orElse(null);
        if (tag != null) {
          Files.writeString(validator, tag, StandardCharsets.UTF_8);
        } else {
          Files.deleteIfExists(validator);
        }
        copy(body, part, false, 0, total, progress);
      } else {
        throw new IOException(url + ": HTTP " + status);
      }
    }
    long size = Files.size(part);
    if (total >= 0 && size != total) {
      throw new IOException(url + ": incomplete, " + size + " of " + total + " bytes on disk in " + part
          + "; run again to resume");
    }
    String digest = sha256(part);
    if (expected != null && !expected.equals(digest)) {
      Files.delete(part);
      Files.deleteIfExists(validator);
      throw new IOException(url + ": SHA-256 " + digest + ", expected " + expected + "; the download is deleted");
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(validator);
    return new Result(target, size, resumed, false, digest);
  }

  /** The response, or an error naming the URL and why in words (Java's own says "ConnectException" and no more). */
  private HttpResponse<InputStream> send(URI url, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException(url + ": no answer within the timeout; run again to retry (a partial download resumes)",
          e);
    } catch (ConnectException e) {
      throw new IOException(url + ": cannot connect (" + connectReason(e) + ")", e);
    } catch (IOException e) {
      throw new IOException(url + ": " + (e.getMessage() == null ? "the connection failed" : e.getMessage()), e);
    }
  }

  private static String connectReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return "the host refused the connection or cannot be reached";
  }

  private static OptionalLong totalOfUnsatisfiable(HttpHeaders headers) {
    Matcher m = Pattern.compile("bytes \\*/(\\d+)").matcher(headers.firstValue("Content-Range").orElse(""));
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private static void copy(InputStream body, Path part, boolean append, long have, long total, LongConsumer progress)
      throws IOException {
    if (total >= 0) {
      progress.accept(-total);
    }
    try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buffer = new byte[BUFFER];
      long done = have;
      for (int read; (read = body.read(buffer)) >= 0; ) {
        out.write(buffer, 0, read);
        done += read;
        progress.accept(done);
      }
    } catch (IOException e) {
      // What arrived stays in the part file for the next run to continue.
      throw new IOException("the transfer broke off (" + e.getMessage() + "); run again to resume", e);
    }
  }

  /** The SHA-256 of a file, in lowercase hexadecimal. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      for (int read; (read = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
