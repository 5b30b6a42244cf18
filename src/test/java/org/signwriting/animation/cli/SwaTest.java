package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.cli.SwaRun.swa;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

  /**
   * Seen: {@code swa animate --help} printed two "[picocli WARN] Could not format" lines (a bare {@code %} in its
   * description, which picocli reads as a format string). Every command's help renders without a warning.
   */
  @Test
  void everyHelpRendersWithoutPicocliWarnings() {
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> helps = new ArrayList<>();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      collectHelp(Swa.commandLine(), helps);
    } finally {
      System.setErr(before);
    }
    assertTrue(helps.size() > 15, helps.size() + " commands");
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    assertTrue(helps.stream().anyMatch(h -> h.contains("shoulders 35 % of the shorter")), "animate's canvas");
  }

  private static void collectHelp(CommandLine command, List<String> helps) {
    helps.add(command.getUsageMessage());
    for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) { // once, not per alias
      collectHelp(sub, helps);
    }
  }

  @Test
  void unknownCommandFails() {
    SwaRun run = swa("no-such-command");
    assertTrue(run.exitCode() != 0);
    assertTrue(run.err().contains("no-such-command"), run.err());
  }
}
