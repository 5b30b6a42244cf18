package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.testing.SharedData;
import org.w3c.dom.Node;

class PoseVisualizerTest {
  private static final int WHITE = 0xffffff;
  @TempDir Path dir;

  /** A GIF's frames as a viewer shows them, read back with the JDK's decoder. */
  record Gif(List<BufferedImage> frames, int delayCentiseconds, boolean loops) {}

  /** Reads every frame and lays it over the previous ones at its position (frames may cover only what changed). */
  static Gif readGif(Path file) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(input);
      List<BufferedImage> frames = new ArrayList<>();
      int delay = -1;
      boolean loops = false;
      BufferedImage screen = null;
      for (int i = 0; i < reader.getNumImages(true); i++) {
        BufferedImage part = reader.read(i);
        if (screen == null) {
          screen = new BufferedImage(part.getWidth(), part.getHeight(), BufferedImage.TYPE_INT_RGB);
        }
        Node root = reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
          IIOMetadataNode element = (IIOMetadataNode) node;
          switch (node.getNodeName()) {
            case "ImageDescriptor" -> screen.getGraphics().drawImage(part,
                Integer.parseInt(element.getAttribute("imageLeftPosition")),
                Integer.parseInt(element.getAttribute("imageTopPosition")), null);
            case "GraphicControlExtension" -> delay = Integer.parseInt(element.getAttribute("delayTime"));
            case "ApplicationExtensions" -> {
              IIOMetadataNode extension = (IIOMetadataNode) element.getFirstChild();
              loops = extension.getAttribute("applicationID").equals("NETSCAPE")
                  && ((byte[]) extension.getUserObject())[1] == 0;
            }
            default -> { }
          }
        }
        BufferedImage shown = new BufferedImage(screen.getWidth(), screen.getHeight(), BufferedImage.TYPE_INT_RGB);
        shown.setData(screen.getData());
        frames.add(shown);
      }
      reader.dispose();
      return new Gif(frames, delay, loops);
    }
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xffffff;
  }

  /** Pixels of two images of the same size whose colours differ by more than {@code tolerance} in a channel. */
  private static int pixelsOffBy(BufferedImage a, BufferedImage b, int tolerance) {
    int off = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift < 32; shift += 8) {
          if (Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)) > tolerance) {
            off++;
            break;
          }
        }
      }
    }
    return off;
  }

  private static int changedPixels(BufferedImage a, BufferedImage b) {
    return pixelsOffBy(a, b, 0);
  }

  @Test
  void holisticGifHasEveryFrameAtTheRequestedWidthAndMoves() throws IOException {
    Pose pose = PoseReader.read(SharedData.path("poses/pose-format-mediapipe.pose"));
    Path gifFile = dir.resolve("holistic.gif");
    List<Integer> progress = new ArrayList<>();
    PoseVisualizer visualizer = new PoseVisualizer(pose, 128, false);
    visualizer.writeGif(gifFile, pose.body().fps(), progress::add);

    assertFalse(visualizer.fitted(), "pixel coordinates are drawn in the video's space");
    Gif gif = readGif(gifFile);
    assertEquals(170, gif.frames().size());
    assertEquals(170, progress.size());
    assertEquals(170, progress.get(169));
    for (BufferedImage frame : gif.frames()) {
      assertEquals(128, frame.getWidth());
      assertEquals(128, frame.getHeight(), "1250 x 1250 keeps its aspect");
    }
    assertEquals(Math.round(100 / pose.body().fps()), gif.delayCentiseconds());
    assertTrue(gif.loops());
    int moved = changedPixels(gif.frames().get(0), gif.frames().get(85));
    assertTrue(moved > 128 * 128 / 100, "the signing hand moves: " + moved + " pixels changed");
    int recoloured = pixelsOffBy(gif.frames().get(85), visualizer.drawFrame(85), 12);
    assertTrue(recoloured < 128 * 128 / 100, "the palette keeps the drawing's colours but for a few anti-aliasing "
        + "shades: " + recoloured + " pixels are off by more than 12 levels");
  }

  @Test
  void openPoseGifHasEveryFrame() throws IOException {
    Pose pose = PoseReader.read(SharedData.path("poses/pose-viewer-example-openpose.pose"));
    Path gifFile = dir.resolve("openpose.gif");
    new PoseVisualizer(pose, 100, false).writeGif(gifFile, 10, frames -> { });

    Gif gif = readGif(gifFile);
    assertEquals(66, gif.frames().size());
    assertEquals(100, gif.frames().get(0).getWidth());
    assertEquals(100, gif.frames().get(0).getHeight());
    assertEquals(10, gif.delayCentiseconds(), "--fps 10 is a tenth of a second per frame");
    assertTrue(changedPixels(gif.frames().get(0), gif.frames().get(40)) > 0);
  }

  /** One person, one component of three points in a line, 100 x 100 pixels. */
  private static Pose threePoints(float confidenceA, float confidenceB, float confidenceC) {
    PoseComponent line = new PoseComponent("BODY", "XYC", List.of("A", "B", "C"),
        List.of(new PoseComponent.Limb(0, 1), new PoseComponent.Limb(1, 2)), List.of(new PoseComponent.Rgb(255, 0, 0)));
    PoseHeader header = new PoseHeader(0.2f, 100, 100, 0, List.of(line));
    PoseBody body = new PoseBody(25, 1, 1, 3, 2, new float[] {20, 50, 50, 50, 80, 50},
        new float[] {confidenceA, confidenceB, confidenceC});
    return new Pose(header, body);
  }

  @Test
  void maskedPointsAndTheirLimbsAreNotDrawn() {
    PoseVisualizer visualizer = new PoseVisualizer(threePoints(1, 1, 0), 0, false);
    BufferedImage image = visualizer.drawFrame(0);

    assertFalse(visualizer.fitted());
    assertEquals(100, image.getWidth());
    assertEquals(0xff0000, rgb(image, 20, 50), "detected point");
    assertEquals(0xff0000, rgb(image, 35, 50), "limb between detected points");
    assertEquals(0xff0000, rgb(image, 50, 50), "detected point");
    assertEquals(WHITE, rgb(image, 65, 50), "limb to the masked point");
    assertEquals(WHITE, rgb(image, 80, 50), "masked point");
    assertEquals(WHITE, rgb(image, 50, 20), "background");
  }

  @Test
  void lowConfidenceFadesTowardsTheBackground() {
    BufferedImage image = new PoseVisualizer(threePoints(1, 0, 0.5f), 0, false).drawFrame(0);
    int faded = rgb(image, 80, 50);
    assertEquals(0xff, faded >> 16, "red stays");
    assertEquals(0x80, (faded >> 8) & 0xff, 2, "half way to white");
    assertEquals(0x80, faded & 0xff, 2, "half way to white");
  }

  @Test
  void transparentBackgroundInPng() throws IOException {
    Path png = dir.resolve("frame.png");
    new PoseVisualizer(threePoints(1, 1, 1), 300, true).writePng(0, png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(300, image.getWidth());
    assertEquals(300, image.getHeight());
    assertEquals(0, image.getRGB(150, 60) >>> 24, "background is transparent");
    assertEquals(0xffff0000, image.getRGB(151, 151), "the point at (50, 50), scaled by 3, is opaque red");
  }

  @Test
  void transparentBackgroundInGif() throws IOException {
    Path gifFile = dir.resolve("transparent.gif");
    new PoseVisualizer(threePoints(1, 1, 1), 0, true).writeGif(gifFile, 25, frames -> { });
    BufferedImage frame = ImageIO.read(gifFile.toFile());
    assertEquals(0, frame.getRGB(50, 20) >>> 24, "background is transparent");
    assertEquals(0xffff0000, frame.getRGB(50, 50), "the point is opaque red");
  }

  @Test
  void normalizedPoseIsFittedIntoTheCanvas() throws IOException {
    Pose raw = PoseReader.read(SharedData.path("poses/whatsthatsign-524.pose"));
    Pose normalized = PosePreprocessing.forTraining(raw);
    PoseVisualizer visualizer = new PoseVisualizer(normalized, 200, false);
    assertTrue(visualizer.fitted(), "shoulder-normalized coordinates are not the video's pixels");
    assertEquals(200, visualizer.width());
    assertEquals(113, visualizer.height(), "1280 x 720 scaled to 200 wide");

    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = -1;
    int maxY = -1;
    for (int frame = 0; frame < visualizer.frames(); frame += 3) {
      BufferedImage image = visualizer.drawFrame(frame);
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          if (rgb(image, x, y) != WHITE) {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
        }
      }
    }
    assertTrue(maxX >= 0, "something is drawn");
    assertTrue(minX > 0 && minY > 0 && maxX < 199 && maxY < 112,
        "the skeleton stays inside the canvas: x " + minX + ".." + maxX + ", y " + minY + ".." + maxY);
    assertTrue(maxY - minY >= 0.8 * 113 || maxX - minX >= 0.8 * 200,
        "the skeleton fills the canvas in one direction: x " + minX + ".." + maxX + ", y " + minY + ".." + maxY);
  }

  @Test
  void pngIsTheDrawnFrame() throws IOException {
    Pose pose = PoseReader.read(SharedData.path("poses/pose-format-openpose.pose"));
    PoseVisualizer visualizer = new PoseVisualizer(pose, 150, false);
    Path png = dir.resolve("openpose.png");
    visualizer.writePng(40, png);
    BufferedImage written = ImageIO.read(png.toFile());
    assertEquals(150, written.getWidth());
    assertEquals(0, changedPixels(written, visualizer.drawFrame(40)));
  }

  @Test
  void framesDrawnConcurrentlyEqualFramesDrawnAlone() throws Exception {
    Pose pose = PoseReader.read(SharedData.path("poses/dsgs-original-pizza.pose"));
    PoseVisualizer visualizer = new PoseVisualizer(pose, 96, false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BufferedImage>> drawn = new ArrayList<>();
      for (int frame = 0; frame < visualizer.frames(); frame++) {
        int f = frame;
        drawn.add(pool.submit(() -> visualizer.drawFrame(f)));
      }
      for (int frame = 0; frame < visualizer.frames(); frame++) {
        assertEquals(0, changedPixels(drawn.get(frame).get(), visualizer.drawFrame(frame)), "frame " + frame);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void badArgumentsAreRefusedClearly() {
    Pose pose = threePoints(1, 1, 1);
    PoseVisualizer visualizer = new PoseVisualizer(pose, 0, false);
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> visualizer.drawFrame(1));
    assertEquals("frame 1 is outside the pose's frames 0..0", outside.getMessage());
    IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
        () -> visualizer.writeGif(dir.resolve("x.gif"), 0, frames -> { }));
    assertEquals("a GIF's frame rate must be at least 0.0015 fps (655.35 s a frame) and finite, not 0.0",
        rate.getMessage());
    // GIF delays are 16-bit hundredths of a second: 0.001 fps would be 1000 s a frame
    assertThrows(IllegalArgumentException.class,
        () -> visualizer.writeGif(dir.resolve("x.gif"), 0.001, frames -> { }));
    assertFalse(Files.exists(dir.resolve("x.gif")));
  }
}
