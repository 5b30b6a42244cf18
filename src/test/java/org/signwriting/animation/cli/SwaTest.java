package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SwaTest {

  @Test
  void helpListsUsage() {
    StringWriter out = new StringWriter();
    CommandLine cli = Swa.commandLine();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("--help"));
    assertTrue(out.toString().contains("Usage: swa"), out.toString());
  }

  @Test
  void unknownCommandFails() {
    StringWriter err = new StringWriter();
    CommandLine cli = Swa.commandLine();
    cli.setErr(new PrintWriter(err));
    assertTrue(cli.execute("no-such-command") != 0);
    assertTrue(err.toString().contains("no-such-command"), err.toString());
  }
}
