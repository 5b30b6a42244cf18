package org.signwriting.animation.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.io.Download;
import org.signwriting.animation.io.ZipArchive;
import org.signwriting.animation.util.ConsoleProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swa download-data}: sign/data's transcription CSV and pose archive, in the layout prepare-poses reads. */
@Command(name = "download-data", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Downloads the transcription corpus to train on, its CSV and its poses.",
        "They are sign/data's signwriting-transcription/data.csv and the archive of",
        "the MediaPipe holistic poses that sign/data's README links, unpacked.",
        "",
        "Writes OUTPUT/data.csv and OUTPUT/poses/*.pose, the layout prepare-poses",
        "reads (--poses OUTPUT/poses --transcription-csv-path OUTPUT/data.csv).",
        "Without --output, the seed's environment variables say where:",
        "$SIGNWRITING_TRANSCRIPTION_CSV_PATH and $POSE_SEQUENCES_FOLDER.",
        "",
        "Resumable: an interrupted download continues where it stopped (HTTP",
        "range requests) when run again. Verified: each file must have the size",
        "the server announced (and the SHA-256 given with --csv-sha256 or",
        "--poses-sha256), and every unpacked file the CRC-32 of the archive. The",
        "archive is deleted once unpacked, unless --keep-archive.",
        "",
        "Example:",
        "  swa download-data --output corpus/"
    })
final class DownloadDataCommand implements Callable<Integer> {
  /** sign/data's transcription CSV (the seed's download script fetches the same file). */
  static final String CSV_URL = "https://github.com/sign/data/raw/refs/heads/main/signwriting-transcription/data.csv";
  /** The pose archive sign/data's signwriting-transcription README links. */
  static final String POSES_URL = "https://firebasestorage.googleapis.com/v0/b/sign-language-datasets/o/"
      + "poses%2Fholistic%2Ftranscription.zip?alt=media";

  @Option(names = "--output", paramLabel = "DIR",
      description = "Where data.csv and poses/ go (default: $SIGNWRITING_TRANSCRIPTION_CSV_PATH for the CSV and "
          + "$POSE_SEQUENCES_FOLDER for the poses).")
  Path output;

  @Option(names = "--csv-url", paramLabel = "URL", defaultValue = CSV_URL,
      description = "The transcription CSV (default: ${DEFAULT-VALUE}).")
  URI csvUrl;

  @Option(names = "--poses-url", paramLabel = "URL", defaultValue = POSES_URL,
      description = "The zip archive of .pose files (default: ${DEFAULT-VALUE}).")
  URI posesUrl;

  @Option(names = "--csv-sha256", paramLabel = "HEX", description = "The CSV's expected SHA-256.")
  String csvSha256;

  @Option(names = "--poses-sha256", paramLabel = "HEX", description = "The archive's expected SHA-256.")
  String posesSha256;

  @Option(names = "--no-poses", description = "Download the CSV only (the poses are large).")
  boolean noPoses;

  @Option(names = "--keep-archive", description = "Keep the pose archive after unpacking it.")
  boolean keepArchive;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path csv;
    Path poses;
    if (output != null) {
      csv = output.resolve("data.csv");
      poses = output.resolve("poses");
    } else {
      String csvEnv = System.getenv("SIGNWRITING_TRANSCRIPTION_CSV_PATH");
      String posesEnv = System.getenv("POSE_SEQUENCES_FOLDER");
      if (csvEnv == null || (posesEnv == null && !noPoses)) {
        throw new ParameterException(spec.commandLine(), "Missing where to write: give --output DIR, or set "
            + "SIGNWRITING_TRANSCRIPTION_CSV_PATH and POSE_SEQUENCES_FOLDER");
      }
      csv = Path.of(csvEnv);
      poses = posesEnv == null ? null : Path.of(posesEnv);
    }
    Download download = Download.withDefaultClient();
    Download.Result table = fetch(download, csvUrl, csv, csvSha256, "data.csv");
    out.printf(Locale.ROOT, "%s: %,d bytes%s, SHA-256 %s%n", csv, table.bytes(), describe(table),
        table.sha256() == null ? Download.sha256(csv) : table.sha256());
    if (!noPoses) {
      if (holdsFiles(poses)) {
        out.printf("%s: already holds files; not downloaded again (remove it to download anew)%n", poses);
      } else {
        Path archive = poses.resolveSibling(poses.getFileName() + ".zip");
        Download.Result zip = fetch(download, posesUrl, archive, posesSha256, "poses");
        out.printf(Locale.ROOT, "%s: %,d bytes%s, SHA-256 %s%n", archive, zip.bytes(), describe(zip),
            zip.sha256() == null ? Download.sha256(archive) : zip.sha256());
        ZipArchive.Unpacked unpacked;
        try (BytesProgress progress = new BytesProgress("unpack")) {
          unpacked = ZipArchive.unpack(archive, poses, progress);
        }
        out.printf(Locale.ROOT, "%s: %,d files, %,d bytes unpacked, every CRC-32 checked%n", poses,
            unpacked.files(), unpacked.bytes());
        if (!keepArchive) {
          Files.delete(archive);
        }
      }
    }
    out.printf("next: swa prepare-poses --poses %s --transcription-csv-path %s --output prepared/%n",
        poses == null ? "POSES/" : poses, csv);
    out.flush();
    return 0;
  }

  private static Download.Result fetch(Download download, URI url, Path target, String sha256, String task)
      throws Exception {
    try (BytesProgress progress = new BytesProgress(task)) {
      return download.fetch(url, target, sha256, progress);
    }
  }

  /** A bar in MB once the total is known (heard as a negative number), then the bytes done. */
  private static final class BytesProgress implements LongConsumer, AutoCloseable {
    private final String task;
    private ProgressBar bar;

    BytesProgress(String task) {
      this.task = task;
    }

    @Override
    public void accept(long bytes) {
      if (bytes < 0) {
        bar = ConsoleProgress.builder(task, -bytes).setUnit(" MB", 1 << 20).build();
      } else if (bar != null) {
        bar.stepTo(bytes);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  private static boolean holdsFiles(Path folder) throws java.io.IOException {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (var children = Files.list(folder)) {
      return children.findAny().isPresent();
    }
  }

  private static String describe(Download.Result result) {
    return result.alreadyThere() ? " (already there)" : result.resumed() ? " (resumed)" : "";
  }
}
