package org.signwriting.animation.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job did: inputs read, rows written, rejections by kind, and folders beside the output that earlier runs
 * left when they were killed. Printed at the end of every job and stored as {@code _summary.json} in its output.
 */
public record JobSummary(String job, String output, long read, long written, Map<String, Long> rejectedByKind,
    Map<String, Double> taskSeconds, List<String> staleFolders) {

  public static JobSummary of(String job, String output, long read, long written, List<Rejection> rejections,
      Map<String, Double> taskSeconds, List<String> staleFolders) {
    Map<String, Long> byKind = new TreeMap<>();
    for (Rejection r : rejections) {
      byKind.merge(r.kind().label(), 1L, Long::sum);
    }
    return new JobSummary(job, output, read, written, byKind, Map.copyOf(taskSeconds), List.copyOf(staleFolders));
  }

  public long rejected() {
    return rejectedByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  public void print(PrintStream out) {
    out.printf("%s: read %d, written %d, rejected %d%n", job, read, written, rejected());
    rejectedByKind.forEach((kind, count) -> out.printf("  rejected  %-30s %d%n", kind, count));
    new TreeMap<>(taskSeconds).forEach((step, s) -> out.printf("  tasks     %-30s %.1f s%n", step, s));
    out.printf("  output    %s%n", output);
    for (String folder : staleFolders) {
      out.printf("  stale     %s (left by a run that was killed, or by one still running; remove it once none is)%n",
          folder);
    }
  }

  public String toJson() {
    StringBuilder json = new StringBuilder();
    json.append("{\"job\": ").append(Json.quote(job))
        .append(", \"read\": ").append(read)
        .append(", \"written\": ").append(written)
        .append(", \"rejected\": ").append(rejected())
        .append(", \"rejected_by_kind\": {");
    String separator = "";
    for (Map.Entry<String, Long> e : rejectedByKind.entrySet()) {
      json.append(separator).append(Json.quote(e.getKey())).append(": ").append(e.getValue());
      separator = ", ";
    }
    json.append("}, \"stale_folders\": [");
    separator = "";
    for (String folder : staleFolders) {
      json.append(separator).append(Json.quote(folder));
      separator = ", ";
    }
    return json.append("]}\n").toString();
  }
}
