package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SignWritingCommandTest {
  private static final String FSW = "M518x529S14c20481x471S27106503x489";
  private static final String SWU = "𝠃𝤘𝤣񁲡𝣳𝣩񈩧𝤉𝣻";

  @TempDir
  Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Swa.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exitCode = cli.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  @Test
  void convertPrintsTheOtherForm() {
    assertEquals(SWU, run("signwriting", "convert", FSW).out().strip());
    assertEquals(FSW, run("signwriting", "convert", SWU).out().strip());
    assertEquals(FSW, run("signwriting", "convert", "--to", "fsw", FSW).out().strip());
  }

  @Test
  void renderWritesThePng() throws Exception {
    Path png = dir.resolve("hello.png");
    Result result = run("signwriting", "render", SWU, png.toString());
    assertEquals(0, result.exitCode(), result.err());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(518 - 481, image.getWidth());
    assertEquals(529 - 471, image.getHeight());
    assertTrue(result.out().contains("37x58"), result.out());
  }

  @Test
  void clipImageIsTheModelInput() throws Exception {
    Path png = dir.resolve("input.png");
    assertEquals(0, run("signwriting", "render", "--clip-image", FSW, png.toString()).exitCode());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(224, image.getWidth());
    assertEquals(224, image.getHeight());
    assertFalse(image.getColorModel().hasAlpha());
  }

  @Test
  void aLargeClipImageSaysItWasShrunk() {
    String tall = String.join(" ", FSW, FSW, FSW, FSW, FSW);
    Result result = run("signwriting", "render", "--clip-image", tall, dir.resolve("tall.png").toString());
    assertEquals(0, result.exitCode());
    assertTrue(result.err().contains("shrunk"), result.err());
  }

  @Test
  void noTrustBoxRendersASignWhoseBoxIsTooSmall() {
    String smallBox = "M500x500S2ff00407x501S1ce20436x535S2e300413x552S22b04418x565S36520420x523";
    Path png = dir.resolve("small.png");
    Result trusted = run("signwriting", "render", smallBox, png.toString());
    assertEquals(1, trusted.exitCode());
    assertTrue(trusted.err().contains("--no-trust-box"), trusted.err());
    assertFalse(Files.exists(png));
    assertEquals(0, run("signwriting", "render", "--no-trust-box", smallBox, png.toString()).exitCode());
    assertTrue(Files.exists(png));
  }

  @Test
  void badTextIsOneLineWithTheOffset() {
    Result result = run("signwriting", "convert", "M518x529S14c20481x471S27106503y489");
    assertEquals(1, result.exitCode());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(result.err().startsWith("error: bad SignWriting"), result.err());
    assertTrue(result.err().contains("offset 30"), result.err());
  }

  @Test
  void badColourIsRefused() {
    Result result = run("signwriting", "render", "--line-color", "green", FSW, dir.resolve("x.png").toString());
    assertTrue(result.exitCode() != 0);
    assertTrue(result.err().contains("#RRGGBB"), result.err());
  }

  @Test
  void benchmarkReportsSignsPerSecondBesideTheReference() throws Exception {
    Path signs = dir.resolve("signs.txt");
    Files.writeString(signs, FSW + "\n" + SWU + "\n");
    Result result = run("benchmark", "signwriting-render", "--signs", signs.toString(), "--rounds", "1");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("2 signs") && result.out().matches("(?s).*render\\s+[0-9,]+ signs/s.*")
        && result.out().contains("reference visualizer"), result.out());
  }

  @Test
  void benchmarkRefusesABadSign() throws Exception {
    Path signs = dir.resolve("bad.txt");
    Files.writeString(signs, FSW + "\nM518x529S14c2\n");
    Result result = run("benchmark", "signwriting-render", "--signs", signs.toString(), "--rounds", "1");
    assertEquals(1, result.exitCode());
    assertTrue(result.err().contains("bad SignWriting \"M518x529S14c2\""), result.err());
  }

  @Test
  void helpTeaches() {
    Result result = run("signwriting", "render", "--help");
    assertEquals(0, result.exitCode());
    assertTrue(result.out().contains("--clip-image") && result.out().contains("Examples"), result.out());
  }
}
