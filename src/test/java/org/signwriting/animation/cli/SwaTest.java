package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.cli.SwaRun.swa;

import org.junit.jupiter.api.Test;

class SwaTest {

  @Test
  void helpListsUsage() {
    SwaRun run = swa("--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("Usage: swa"), run.out());
  }

  @Test
  void theCommandListGivesEachCommandsFirstSentence() {
    String out = swa("--help").out();
    // picocli's default cut each description after its first line, mid-sentence
    assertTrue(out.contains("prepare-poses             Spark job: pose files and transcriptions into the"
        + System.lineSeparator() + "                              Parquet table of training poses."), out);
    assertTrue(out.contains("animate, signwriting-to-pose, signwriting_to_pose" + System.lineSeparator()
        + "                            Animates SignWriting into a .pose file with a model"), out);
    for (String line : out.lines().toList()) {
      assertTrue(line.length() <= 80, "within picocli's 80 columns: " + line);
    }
    assertEquals("Runs it.", Swa.summary(new String[] {"", "Runs it. Then more.", "", "Other paragraph."}));
    assertEquals("Shows .pose files.", Swa.summary(new String[] {"Shows .pose files:", "", "  1. a"}));
    String cut = Swa.summary(new String[] {"word ".repeat(40).trim() + "."});
    assertTrue(cut.endsWith(" ...") && cut.length() <= Swa.SUMMARY_LENGTH, cut);
  }

  @Test
  void unknownCommandFails() {
    SwaRun run = swa("no-such-command");
    assertTrue(run.exitCode() != 0);
    assertTrue(run.err().contains("no-such-command"), run.err());
  }
}
