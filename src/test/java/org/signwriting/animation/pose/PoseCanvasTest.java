package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.testing.SharedData;

class PoseCanvasTest {
  @Test
  void aShoulderNormalizedSignerFillsTheCanvas() throws Exception {
    Pose pose = PoseReader.read(SharedData.path("poses/pose-format-mediapipe.pose"));
    Pose normalized = HandShift.unshift(PosePreprocessing.forTraining(pose));
    PoseCanvas canvas = new PoseCanvas(640, 480);
    Pose pixels = canvas.toPixels(normalized);
    assertEquals(640, pixels.header().width());
    assertEquals(480, pixels.header().height());
    PoseHeader h = pixels.header();
    int left = h.pointIndex("POSE_LANDMARKS", "LEFT_SHOULDER");
    int right = h.pointIndex("POSE_LANDMARKS", "RIGHT_SHOULDER");
    PoseBody body = pixels.body();
    float[] d = body.data();
    // Normalization makes the mean shoulder distance (x, y, z) 1 and puts their mean midpoint near 0.
    double width = 0;
    double x = 0;
    double y = 0;
    for (int f = 0; f < body.frames(); f++) {
      int l = body.dataIndex(f, 0, left);
      int r = body.dataIndex(f, 0, right);
      width += Math.sqrt(Math.pow(d[l] - d[r], 2) + Math.pow(d[l + 1] - d[r + 1], 2) + Math.pow(d[l + 2] - d[r + 2], 2));
      x += (d[l] + d[r]) / 2;
      y += (d[l + 1] + d[r + 1]) / 2;
    }
    assertEquals(0.35 * 480, width / body.frames(), 0.5, "shoulder width");
    assertEquals(320, x / body.frames(), 10, "shoulders centred across");
    assertEquals(0.4 * 480, y / body.frames(), 10, "shoulders 40 % down");
    int inside = 0;
    int detected = 0;
    for (int f = 0; f < body.frames(); f++) {
      for (int p = 0; p < body.points(); p++) {
        if (!body.isMasked(f, 0, p)) {
          detected++;
          int i = body.dataIndex(f, 0, p);
          inside += d[i] >= 0 && d[i] < 640 && d[i + 1] >= 0 && d[i + 1] < 480 ? 1 : 0;
        }
      }
    }
    assertTrue(inside >= 0.995 * detected, inside + " of " + detected + " points inside the canvas");

    Pose back = canvas.toNormalized(pixels);
    assertArrayEquals(normalized.body().data(), back.body().data(), 1e-4f);
    assertArrayEquals(normalized.body().confidence(), back.body().confidence());
  }

  @Test
  void canvasesAreParsedAndChecked() {
    assertEquals(new PoseCanvas(1280, 720), PoseCanvas.parse("1280x720"));
    assertEquals(new PoseCanvas(512, 512), PoseCanvas.parse(" 512 X 512 "));
    for (String bad : List.of("512", "512x", "ax512", "512x512x3", "8x8", "70000x512")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoseCanvas.parse(bad), bad);
      assertTrue(e.getMessage().contains("WIDTHxHEIGHT") || e.getMessage().contains("16 to 65535"), e.getMessage());
    }
  }
}
