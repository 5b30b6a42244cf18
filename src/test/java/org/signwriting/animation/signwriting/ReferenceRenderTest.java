package org.signwriting.animation.signwriting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signwriting.animation.testing.SharedData;

/**
 * Parity with the reference visualizer's own images (../shared/data/signwriting/reference-renders): each
 * file's name is the FSW it shows; the options are the ones the reference rendered it with. Same size within
 * a pixel and the same inked pixels (alpha > 0) with an intersection over union of at least 0.95.
 *
 * <p>Drawn with antialiasing and without the reference's {@code embedded_color} mode (which blends colours
 * differently and is not offered here), the images are pixel-identical, colours and alpha included.
 *
 * <p>Known deviation: without antialiasing the reference places some glyphs by their monochrome-hinted
 * outline, which Java2D does not expose (see {@code SymbolGlyphs}); about 4 % of the glyphs land a pixel
 * apart, so that one image is held to a lower overlap ({@value #MONOCHROME_MIN_IOU}; measured 0.888, 0.762
 * before glyphs were placed the reference's way).
 */
class ReferenceRenderTest {
  private static final Color GREEN = new Color(123, 234, 0);

  /** The least ink overlap with the reference for an image drawn without antialiasing. */
  private static final double MONOCHROME_MIN_IOU = 0.85;

  /** Files rendered with other than the default options, and how. */
  private static final Map<String, RenderOptions> OPTIONS = Map.of(
      "M528x526S1ce40506x474S1ce48472x474S22a04507x511S22a14480x510",
      RenderOptions.DEFAULT.withAntialiasing(false),
      "M500x500S2ff00407x501S1ce20436x535S2e300413x552S22b04418x565S36520420x523",
      RenderOptions.DEFAULT.withTrustBox(false),
      "M518x517S10040482x485S26500493x474", RenderOptions.DEFAULT.withLineColor(GREEN),
      "M536x517S30a00482x482S33e00482x482S17e11516x464S17e19460x481S22a07523x481S22a11463x481",
      RenderOptions.DEFAULT.withFillColor(GREEN),
      "M530x518S19a30500x482S19a38465x481S22f04509x506S22f14467x504",
      RenderOptions.DEFAULT.withLineColor(new Color(10, 23, 122)).withFillColor(new Color(255, 255, 255, 0)),
      "M518x518S30a00482x483S33e00482x483", RenderOptions.DEFAULT.withLineColor(new Color(144, 70, 180)),
      "M518x533S20348482x515S10040493x485S20b00497x468S26600502x468", RenderOptions.DEFAULT.withFillColor(GREEN));

  /** Files the reference drew with {@code embedded_color=True}; their ink matches, their edge colours not. */
  private static final Set<String> EMBEDDED_COLOR = Set.of(
      "M518x517S10043487x482S20500487x507",
      "M518x518S30a00482x483S33e00482x483",
      "M518x533S20348482x515S10040493x485S20b00497x468S26600502x468");

  /** The two files not named by their FSW, and the signs they show. */
  private static final Map<String, List<String>> NAMED = Map.of(
      "swu_test", List.of("𝠃𝤟𝤩񋛩𝣵𝤐񀀒𝤇𝣤񋚥𝤐𝤆񀀚𝣮𝣭"),
      "vertical", List.of("AS14c20S27106M518x529S14c20481x471S27106503x489",
          "AS18701S1870aS2e734S20500M518x533S1870a489x515S18701482x490S20500508x496S2e734500x468"));

  /** The reference's image for text without any box and symbol position, which is an error here. */
  private static final String NOT_A_SIGN = "S20555";

  static Stream<String> references() throws IOException {
    try (Stream<Path> files = Files.list(SharedData.path("signwriting/reference-renders"))) {
      return files.map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".png"))
          .map(name -> name.substring(0, name.length() - 4))
          .filter(name -> !name.equals(NOT_A_SIGN))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void matchesReferenceImage(String name) throws IOException {
    BufferedImage reference = ImageIO.read(
        SharedData.path("signwriting/reference-renders/" + name + ".png").toFile());
    String text = String.join(" ", NAMED.getOrDefault(name, List.of(name)));
    BufferedImage ours = SignRenderer.render(text, OPTIONS.getOrDefault(name, RenderOptions.DEFAULT));

    assertTrue(Math.abs(ours.getWidth() - reference.getWidth()) <= 1
            && Math.abs(ours.getHeight() - reference.getHeight()) <= 1,
        name + ": size " + ours.getWidth() + "x" + ours.getHeight() + ", reference "
            + reference.getWidth() + "x" + reference.getHeight());
    RenderOptions options = OPTIONS.getOrDefault(name, RenderOptions.DEFAULT);
    double iou = inkIoU(ours, reference);
    System.out.printf("%s: ink IoU %.4f%n", name, iou);
    assertTrue(iou >= (options.antialiasing() ? 0.95 : MONOCHROME_MIN_IOU), name + ": ink IoU " + iou);
    if (options.antialiasing() && !EMBEDDED_COLOR.contains(name)) {
      assertArrayEquals(argb(reference), argb(ours), name + ": pixels differ");
    }
  }

  @Test
  void textWithoutBoxIsAnErrorNotABlankImage() {
    SharedData.path("signwriting/reference-renders/" + NOT_A_SIGN + ".png");
    SignWritingException error = assertThrows(SignWritingException.class, () -> SignRenderer.render(NOT_A_SIGN));
    assertEquals(0, error.offset());
  }

  @Test
  void boxSmallerThanTheSymbolsIsAnErrorWhenTrusted() {
    SignWritingException error = assertThrows(SignWritingException.class, () -> SignRenderer.render(
        "M500x500S2ff00407x501S1ce20436x535S2e300413x552S22b04418x565S36520420x523"));
    assertTrue(error.getMessage().endsWith("render measuring the symbols instead of trusting the box"),
        error.getMessage());
    assertFalse(error.getMessage().contains("--"), "library messages name no command-line options");
  }

  /** Intersection over union of the pixels with alpha above 0, the images aligned at their top-left. */
  static double inkIoU(BufferedImage a, BufferedImage b) {
    int width = Math.max(a.getWidth(), b.getWidth());
    int height = Math.max(a.getHeight(), b.getHeight());
    int both = 0;
    int either = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean inA = inked(a, x, y);
        boolean inB = inked(b, x, y);
        both += inA && inB ? 1 : 0;
        either += inA || inB ? 1 : 0;
      }
    }
    return either == 0 ? 1 : (double) both / either;
  }

  private static int[] argb(BufferedImage image) {
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    for (int i = 0; i < pixels.length; i++) {
      // Fully transparent pixels carry no colour.
      pixels[i] = (pixels[i] >>> 24) == 0 ? 0 : pixels[i];
    }
    return pixels;
  }

  private static boolean inked(BufferedImage image, int x, int y) {
    return x < image.getWidth() && y < image.getHeight() && (image.getRGB(x, y) >>> 24) > 0;
  }
}
