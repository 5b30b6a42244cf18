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
  void unknownCommandFails() {
    SwaRun run = swa("no-such-command");
    assertTrue(run.exitCode() != 0);
    assertTrue(run.err().contains("no-such-command"), run.err());
  }
}
