package org.signwriting.animation.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import org.signwriting.animation.benchmark.BenchmarkCommand;
import org.signwriting.animation.util.IoErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code swa} command line: one entry point for the libraries, the Spark jobs and the trainers. */
@Command(
    name = "swa",
    mixinStandardHelpOptions = true,
    versionProvider = Swa.Version.class,
    description = {
      "SignWriting Animation for the JVM: pose files, SignWriting, Spark data preparation,",
      "embedding and diffusion training, and animation of SignWriting into .pose files.",
      "",
      "Run 'swa COMMAND --help' for a command's options."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      PoseCommand.class,
      SignWritingCommand.class,
      BenchmarkCommand.class,
      PreparePosesCommand.class,
      RenderSignWritingCommand.class,
      PoseStatsCommand.class,
      TrainEmbeddingModelCommand.class,
      EvaluateEmbeddingModelCommand.class,
      PrepareEmbeddingsCommand.class,
      TrainCommand.class,
      AnimateCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      DownloadDataCommand.class,
    })
public final class Swa {

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Swa());
    cli.setExecutionExceptionHandler(Swa::reportError);
    return cli;
  }

  /** One line on stderr, {@code error: reason}; the stack trace only with {@code --verbose}. */
  private static int reportError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    boolean verbose = parsed.hasMatchedOption("--verbose")
        || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.println("error: " + describe(e));
    err.flush();
    return 1;
  }

  static String describe(Throwable e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return IoErrors.describe(fs);
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return message.lines().findFirst().orElse(message);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Swa.class.getPackage().getImplementationVersion();
      return new String[] {"swa " + (v == null ? "(development build)" : v)};
    }
  }
}
