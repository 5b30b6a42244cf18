package org.signwriting.animation.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.signwriting.animation.io.Inputs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The transcription CSV of the jobs, with the seed's flag spelling and environment variable. */
final class TranscriptionCsvOption {
  @Option(names = {"--transcription-csv-path", "--transcription_csv_path"}, paramLabel = "CSV",
      defaultValue = "${env:SIGNWRITING_TRANSCRIPTION_CSV_PATH}",
      description = "Transcription CSV: pose,videoLanguage,start,end,text,split; a path or a URI such as "
          + "hdfs://... or s3a://... (default: $SIGNWRITING_TRANSCRIPTION_CSV_PATH).")
  String location;

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  boolean given() {
    return location != null;
  }

  /** The CSV, which must be given and exist. */
  String required(Inputs inputs) throws IOException {
    if (location == null) {
      throw new ParameterException(spec.commandLine(),
          "Missing the transcriptions: give --transcription-csv-path CSV or set SIGNWRITING_TRANSCRIPTION_CSV_PATH");
    }
    return optional(inputs);
  }

  /**
   * The CSV or null when not given. Checked before Spark starts: a mistyped path should cost a second, not a
   * session start.
   */
  String optional(Inputs inputs) throws IOException {
    if (location != null && !inputs.isFile(location)) {
      throw new NoSuchFileException(location);
    }
    return location;
  }
}
