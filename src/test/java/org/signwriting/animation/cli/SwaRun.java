package org.signwriting.animation.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Exit code, stdout and stderr of one in-process run of the swa command line. */
record SwaRun(int exitCode, String out, String err) {

  static SwaRun swa(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Swa.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exitCode = cli.execute(args);
    return new SwaRun(exitCode, out.toString(), err.toString());
  }
}
