package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.signwriting.animation.cli.SwaRun.swa;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignWritingCommandTest {
  private static final String FSW = "M518x529S14c20481x471S27106503x489";
  private static final String SWU = "𝠃𝤘𝤣񁲡𝣳𝣩񈩧𝤉𝣻";

  @TempDir
  Path dir;



  @Test
  void convertPrintsTheOtherForm() {
    assertEquals(SWU, swa("signwriting", "convert", FSW).out().strip());
    assertEquals(FSW, swa("signwriting", "convert", SWU).out().strip());
    assertEquals(FSW, swa("signwriting", "convert", "--to", "fsw", FSW).out().strip());
  }

  @Test
  void renderWritesThePng() throws Exception {
    Path png = dir.resolve("hello.png");
    SwaRun result = swa("signwriting", "render", SWU, png.toString());
    assertEquals(0, result.exitCode(), result.err());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(518 - 481, image.getWidth());
    assertEquals(529 - 471, image.getHeight());
    assertTrue(result.out().contains("37x58"), result.out());
  }

  @Test
  void clipImageIsTheModelInput() throws Exception {
    Path png = dir.resolve("input.png");
    assertEquals(0, swa("signwriting", "render", "--clip-image", FSW, png.toString()).exitCode());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(224, image.getWidth());
    assertEquals(224, image.getHeight());
    assertFalse(image.getColorModel().hasAlpha());
  }

  @Test
  void aLargeClipImageSaysItWasShrunk() {
    String tall = String.join(" ", FSW, FSW, FSW, FSW, FSW);
    SwaRun result = swa("signwriting", "render", "--clip-image", tall, dir.resolve("tall.png").toString());
    assertEquals(0, result.exitCode());
    assertTrue(result.err().contains("shrunk"), result.err());
  }

  @Test
  void noTrustBoxRendersASignWhoseBoxIsTooSmall() {
    String smallBox = "M500x500S2ff00407x501S1ce20436x535S2e300413x552S22b04418x565S36520420x523";
    Path png = dir.resolve("small.png");
    SwaRun trusted = swa("signwriting", "render", smallBox, png.toString());
    assertEquals(1, trusted.exitCode());
    assertTrue(trusted.err().contains("--no-trust-box"), trusted.err());
    assertFalse(Files.exists(png));
    assertEquals(0, swa("signwriting", "render", "--no-trust-box", smallBox, png.toString()).exitCode());
    assertTrue(Files.exists(png));
  }

  @Test
  void badTextIsOneLineWithTheOffset() {
    SwaRun result = swa("signwriting", "convert", "M518x529S14c20481x471S27106503y489");
    assertEquals(1, result.exitCode());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(result.err().startsWith("error: bad SignWriting"), result.err());
    assertTrue(result.err().contains("offset 30"), result.err());
  }

  @Test
  void badColourIsRefused() {
    SwaRun result = swa("signwriting", "render", "--line-color", "green", FSW, dir.resolve("x.png").toString());
    assertTrue(result.exitCode() != 0);
    assertTrue(result.err().contains("#RRGGBB"), result.err());
  }

  @Test
  void benchmarkReportsSignsPerSecondAndSaysWhenThePeerIsMissing() throws Exception {
    Path signs = dir.resolve("signs.txt");
    Files.writeString(signs, FSW + "\n" + SWU + "\n");
    Path noPython = dir.resolve("no-python");
    SwaRun result = swa("benchmark", "signwriting", "--signs", signs.toString(), "--rounds", "1", "--python",
        noPython.toString());
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("2 signs") && result.out().matches("(?s).*\nparse\s+[0-9,]+\s+[0-9,]+\s+"
        + "not measured\s+-\n.*") && result.out().matches("(?s).*\nrender\s+[0-9,]+\s+[0-9,]+\s+not measured.*")
        && result.out().contains("machine: ") && result.out().contains("peer: not measured: no Python among "
        + noPython), result.out());
  }

  @Test
  void benchmarkRefusesABadSign() throws Exception {
    Path signs = dir.resolve("bad.txt");
    Files.writeString(signs, FSW + "\nM518x529S14c2\n");
    SwaRun result = swa("benchmark", "signwriting-render", "--signs", signs.toString(), "--rounds", "1");
    assertEquals(1, result.exitCode(), "the old name still works, and refuses the sign");
    assertTrue(result.err().contains("bad SignWriting \"M518x529S14c2\""), result.err());
  }

  @Test
  void helpTeaches() {
    SwaRun result = swa("signwriting", "render", "--help");
    assertEquals(0, result.exitCode());
    assertTrue(result.out().contains("--clip-image") && result.out().contains("Examples"), result.out());
  }
}
