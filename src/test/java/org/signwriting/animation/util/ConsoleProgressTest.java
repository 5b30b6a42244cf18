package org.signwriting.animation.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  @Test
  void withoutATerminalTheBarIsWholeLinesAtMostOnePerInterval() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ConsoleProgress.LineConsumer lines = new ConsoleProgress.LineConsumer(out, 3_600_000_000_000L);
    lines.accept("task   0% [  ] 0/3   ");
    lines.accept("task  33% [  ] 1/3");
    lines.accept("task  66% [  ] 2/3");
    lines.accept("task 100% [==] 3/3");
    lines.close();
    // The first state at once, the last one at the end, nothing in between within the hour; no carriage return.
    assertEquals(List.of("task   0% [  ] 0/3", "task 100% [==] 3/3"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());

    bytes.reset();
    ConsoleProgress.LineConsumer every = new ConsoleProgress.LineConsumer(out, 0);
    every.accept("a");
    every.accept("b");
    every.close();
    assertEquals("a" + System.lineSeparator() + "b" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aMessageIsSetApartFromTheSpeed() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressBar bar = ConsoleProgress.builder("train", 2)
        .setConsumer(new ConsoleProgress.LineConsumer(out, 0)).build()) {
      bar.step();
      ConsoleProgress.message(bar, "loss 2.5");
      bar.step();
    }
    String last = bytes.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.endsWith("/s loss 2.5"), last);
  }

  @Test
  void theModeIsAskedForOrFollowsTheConsole() {
    String before = System.getProperty(ConsoleProgress.MODE_PROPERTY);
    try {
      System.setProperty(ConsoleProgress.MODE_PROPERTY, "lines");
      assertEquals(true, ConsoleProgress.linesWanted());
      System.setProperty(ConsoleProgress.MODE_PROPERTY, "bar");
      assertEquals(false, ConsoleProgress.linesWanted());
      System.clearProperty(ConsoleProgress.MODE_PROPERTY);
      assertEquals(System.console() == null, ConsoleProgress.linesWanted());
    } finally {
      if (before == null) {
        System.clearProperty(ConsoleProgress.MODE_PROPERTY);
      } else {
        System.setProperty(ConsoleProgress.MODE_PROPERTY, before);
      }
    }
  }
}
