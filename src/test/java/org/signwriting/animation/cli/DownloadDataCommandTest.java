package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.cli.SwaRun.swa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.io.Download;
import org.signwriting.animation.testing.SharedData;

/**
 * download-data against a real HTTP server on 127.0.0.1 (the JDK's) serving small fixtures: the sample CSV and a
 * zip of two real pose files in a top-level folder, as sign/data's archive is laid out. Nothing leaves the machine.
 */
class DownloadDataCommandTest {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
  private static final List<String> POSES = List.of("whatsthatsign-524.pose",
      "dictio-czj-3debf210b4a99ac12155e654c3aeb51a.pose");

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
  /** When set, the server ignores Range headers (sends 200 and the whole file). */
  private volatile boolean ignoreRanges;
  /** When positive, the server announces the whole length but closes the connection after this many bytes. */
  private volatile int breakAfter;
  private byte[] csv;
  private byte[] zip;

  @BeforeEach
  void serve() throws IOException {
    csv = Files.readAllBytes(SharedData.path("transcription/data_subset.csv"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (String pose : POSES) {
        out.putNextEntry(new ZipEntry("transcription/" + pose));
        out.write(Files.readAllBytes(SharedData.path("poses/" + pose)));
        out.closeEntry();
      }
    }
    zip = bytes.toByteArray();
    files.put("/data.csv", csv);
    files.put("/transcription.zip", zip);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = files.get(exchange.getRequestURI().getPath());
    if (body == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("ETag", "\"fixture-" + Arrays.hashCode(body) + "\"");
    String range = exchange.getRequestHeaders().getFirst("Range");
    int from = 0;
    if (range != null && !ignoreRanges) {
      ranges.add(range);
      Matcher m = RANGE.matcher(range);
      assertTrue(m.matches(), range);
      from = Integer.parseInt(m.group(1));
      exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
      exchange.sendResponseHeaders(206, body.length - from);
    } else {
      exchange.sendResponseHeaders(200, body.length);
    }
    try (OutputStream out = exchange.getResponseBody()) {
      int end = breakAfter > 0 ? Math.min(body.length, from + breakAfter) : body.length;
      out.write(body, from, end - from);
      if (end < body.length) {
        out.flush();
        throw new IOException("the test server breaks off the transfer");
      }
    }
  }

  private String url(String file) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + file;
  }

  private SwaRun download(Path output, String... more) {
    List<String> args = new ArrayList<>(List.of("download-data", "--output", output.toString(),
        "--csv-url", url("/data.csv"), "--poses-url", url("/transcription.zip")));
    args.addAll(List.of(more));
    return swa(args.toArray(String[]::new));
  }

  @Test
  void downloadsAndUnpacksIntoThePreparePosesLayout() throws Exception {
    Path corpus = dir.resolve("corpus");
    SwaRun run = download(corpus, "--poses-sha256", Download.sha256(write("expected.zip", zip)));
    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(csv, Files.readAllBytes(corpus.resolve("data.csv")));
    for (String pose : POSES) {
      assertArrayEquals(Files.readAllBytes(SharedData.path("poses/" + pose)),
          Files.readAllBytes(corpus.resolve("poses").resolve(pose)), pose + ", without the archive's top folder");
    }
    assertFalse(Files.exists(corpus.resolve("poses.zip")), "the archive is deleted once unpacked");
    assertTrue(run.out().contains("2 files"), run.out());
    assertTrue(run.out().contains("next: swa prepare-poses --poses " + corpus.resolve("poses")), run.out());

    SwaRun again = download(corpus);
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains("(already there)"), again.out());
  }

  @Test
  void anInterruptedDownloadResumesWithARangeRequest() throws Exception {
    Path corpus = dir.resolve("corpus");
    breakAfter = 5000;
    SwaRun broken = download(corpus);
    assertEquals(1, broken.exitCode());
    assertTrue(broken.err().contains("run again to resume"), broken.err());
    Path part = corpus.resolve("poses.zip.part");
    assertEquals(5000, Files.size(part), "what arrived is kept");

    breakAfter = 0;
    SwaRun resumed = download(corpus);
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("(resumed)"), resumed.out());
    assertTrue(ranges.contains("bytes=5000-"), ranges.toString());
    for (String pose : POSES) {
      assertArrayEquals(Files.readAllBytes(SharedData.path("poses/" + pose)),
          Files.readAllBytes(corpus.resolve("poses").resolve(pose)), pose);
    }
  }

  @Test
  void aServerThatIgnoresRangesSendsTheWholeFileAgain() throws Exception {
    Path corpus = dir.resolve("corpus");
    Files.createDirectories(corpus);
    Files.write(corpus.resolve("poses.zip.part"), Arrays.copyOf(zip, 3000));
    Files.writeString(corpus.resolve("poses.zip.part.validator"), "\"fixture-" + Arrays.hashCode(zip) + "\"");
    ignoreRanges = true;
    SwaRun run = download(corpus);
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(run.out().contains("(resumed)"), run.out());
    assertEquals(2, Files.list(corpus.resolve("poses")).count());
  }

  @Test
  void aWrongDigestOrADamagedArchiveIsOneLineAndLeavesNoPoses() throws Exception {
    Path corpus = dir.resolve("corpus");
    SwaRun wrong = download(corpus, "--poses-sha256", "00".repeat(32));
    assertEquals(1, wrong.exitCode());
    assertTrue(wrong.err().startsWith("error: " + url("/transcription.zip") + ": SHA-256 "), wrong.err());
    assertEquals(1, wrong.err().lines().count(), wrong.err());
    assertFalse(Files.exists(corpus.resolve("poses")));
    assertFalse(Files.exists(corpus.resolve("poses.zip.part")), "a file with the wrong digest is not kept");

    byte[] damaged = zip.clone();
    damaged[2000] ^= 0x55; // inside the first entry's compressed data
    files.put("/transcription.zip", damaged);
    SwaRun bad = download(dir.resolve("other"));
    assertEquals(1, bad.exitCode());
    assertTrue(bad.err().contains("poses.zip: "), bad.err());
    assertFalse(Files.exists(dir.resolve("other/poses")), "no half-unpacked folder");
  }

  @Test
  void anArchiveEntryThatLeavesTheFolderIsRefusedBeforeAnythingIsInPlace() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry("a.pose"));
      out.write(new byte[] {1, 2, 3});
      out.closeEntry();
      out.putNextEntry(new ZipEntry("../escaped.pose"));
      out.write(new byte[] {4, 5, 6});
      out.closeEntry();
    }
    files.put("/transcription.zip", bytes.toByteArray());
    Path corpus = dir.resolve("corpus");
    SwaRun run = download(corpus);
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("error: ") && run.err().contains("'../escaped.pose' climbs out of"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertFalse(Files.exists(dir.resolve("escaped.pose")) || Files.exists(corpus.resolve("escaped.pose")));
    assertFalse(Files.exists(corpus.resolve("poses")), "nothing unpacked into place");
  }

  @Test
  void aServerThatCannotBeReachedIsOneLineNamingTheUrl() throws Exception {
    String closed = url("/data.csv");
    server.stop(0);
    SwaRun run = swa("download-data", "--output", dir.resolve("corpus").toString(), "--csv-url", closed,
        "--no-poses");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("error: " + closed + ": cannot connect ("), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    SwaRun ftp = swa("download-data", "--output", dir.resolve("corpus").toString(), "--csv-url", "ftp://x/data.csv",
        "--no-poses");
    assertEquals("error: ftp://x/data.csv: not an http or https URL", ftp.err().strip());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }
}
