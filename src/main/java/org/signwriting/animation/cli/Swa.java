package org.signwriting.animation.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.signwriting.animation.benchmark.BenchmarkCommand;
import org.signwriting.animation.util.IoErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;

/** The {@code swa} command line: one entry point for the libraries, the Spark jobs and the trainers. */
@Command(
    name = "swa",
    mixinStandardHelpOptions = true,
    versionProvider = Swa.Version.class,
    description = {
      "SignWriting Animation for the JVM: animates SignWriting into skeletal poses",
      "(.pose files) and trains the model that does it: Spark jobs prepare the data,",
      "DJL trains a sign encoder and a CAMDM diffusion model.",
      "",
      "Start with 'swa demo' (the whole pipeline on the shared sample data), or the",
      "seed's commands: train-embedding-model, prepare-embeddings, train, then",
      "signwriting_to_pose. 'swa COMMAND --help' explains a command and its options."
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
      GenerateSyntheticCommand.class,
      EvaluateCommand.class,
      TrainCommand.class,
      AnimateCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      DownloadDataCommand.class,
    })
public final class Swa {
  /** A sentence ends with a full stop before a space or at the end (not the one of ".pose"). */
  private static final Pattern SENTENCE_END = Pattern.compile("\\.(?=\\s|$)");
  static final int SUMMARY_LENGTH = 110;
  /** Command names wider than this go on a line of their own in command lists. */
  private static final int NAMES_WIDTH = 24;
  /** picocli's usage width. */
  private static final int HELP_WIDTH = 80;

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
    listCommandsBySummary(cli);
    return cli;
  }

  /**
   * Command lists show each command's first sentence (picocli's default, the first line of the description, cut
   * sentences in half: "cuts each transcription row's [start,").
   */
  private static void listCommandsBySummary(CommandLine cli) {
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Swa::commandList);
    cli.getSubcommands().values().stream().distinct().forEach(Swa::listCommandsBySummary);
  }

  private static String commandList(CommandLine.Help help) {
    StringBuilder list = new StringBuilder();
    for (CommandLine.Help command : help.subcommands().values()) {
      UsageMessageSpec usage = command.commandSpec().usageMessage();
      if (usage.hidden()) {
        continue;
      }
      String names = command.commandNamesText(", ").toString();
      String summary = summary(usage.header().length > 0 ? usage.header() : usage.description());
      StringBuilder line = new StringBuilder("  ").append(names);
      if (names.length() > NAMES_WIDTH) {
        list.append(line).append(System.lineSeparator());
        line.setLength(0);
      }
      line.append(" ".repeat(2 + NAMES_WIDTH + 2 - line.length()));
      for (String word : summary.split(" ")) {
        if (line.length() + 1 + word.length() > HELP_WIDTH && !line.toString().isBlank()) {
          list.append(line.toString().stripTrailing()).append(System.lineSeparator());
          line.setLength(0);
          line.append(" ".repeat(2 + NAMES_WIDTH + 4));
        }
        line.append(line.charAt(line.length() - 1) == ' ' ? "" : " ").append(word);
      }
      list.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return list.toString();
  }

  /** The first sentence of a description's first paragraph, at most {@value #SUMMARY_LENGTH} characters. */
  static String summary(String[] lines) {
    StringBuilder paragraph = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        if (paragraph.length() > 0) {
          break;
        }
        continue;
      }
      paragraph.append(paragraph.length() > 0 ? " " : "").append(line.trim());
    }
    String text = paragraph.toString();
    Matcher end = SENTENCE_END.matcher(text);
    String sentence = end.find() ? text.substring(0, end.start() + 1) : text;
    if (sentence.endsWith(":")) {
      sentence = sentence.substring(0, sentence.length() - 1) + ".";
    }
    if (sentence.length() > SUMMARY_LENGTH) {
      int cut = sentence.lastIndexOf(' ', SUMMARY_LENGTH - 4);
      sentence = sentence.substring(0, cut > 0 ? cut : SUMMARY_LENGTH - 4).replaceAll("[,;]$", "") + " ...";
    }
    return sentence;
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
