package org.signwriting.animation.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The transcription CSV of the Spark jobs, with the seed's flag spelling and environment variable. */
final class TranscriptionCsvOption {
  @Option(names = {"--transcription-csv-path", "--transcription_csv_path"}, paramLabel = "CSV",
      defaultValue = "${env:SIGNWRITING_TRANSCRIPTION_CSV_PATH}",
      description = "Transcription CSV: pose,videoLanguage,start,end,text,split "
          + "(default: $SIGNWRITING_TRANSCRIPTION_CSV_PATH).")
  Path path;

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  boolean given() {
    return path != null;
  }

  /** The CSV, which must be given and exist. */
  Path required() throws NoSuchFileException {
    if (path == null) {
      throw new ParameterException(spec.commandLine(),
          "Missing the transcriptions: give --transcription-csv-path CSV or set SIGNWRITING_TRANSCRIPTION_CSV_PATH");
    }
    return optional();
  }

  /**
   * The CSV or null when not given. Checked before Spark starts: a mistyped path should cost a second, not a
   * session start.
   */
  Path optional() throws NoSuchFileException {
    if (path != null && !Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    return path;
  }
}
