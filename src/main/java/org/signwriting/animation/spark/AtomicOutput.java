package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.signwriting.animation.io.InputPaths;

/**
 * A job's output folder, replaced atomically: the job writes into a staging folder beside it, and only
 * {@link #commit} swaps it in (with renames) and writes the {@value #MARKER} marker. A run that fails before
 * the commit leaves the previous output untouched and removes its staging folder. An existing folder is only
 * replaced when it holds the marker, so a mistyped output path never deletes someone's data, and an output that
 * is, contains or lies inside one of the job's inputs is refused before anything is touched. Staging folders left
 * by runs that were killed are named in {@link #staleFolders()} (they are never removed: one could belong to a run
 * still going).
 */
public final class AtomicOutput implements AutoCloseable {
  /** Written last, at the root of every complete output. */
  public static final String MARKER = "_SUCCESS";

  private static final String STAGING = ".staging-";
  private static final String REPLACED = ".replaced-";

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final List<String> staleFolders;
  private boolean committed;

  private AtomicOutput(FileSystem fs, Path target, Path staging, List<String> staleFolders) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.staleFolders = staleFolders;
  }

  /**
   * Starts a new output at {@code target} (a path or URI), refusing folders that are not job outputs and any
   * output that overlaps one of {@code inputs} (paths or URIs of the job's input files and folders; null entries
   * are skipped).
   */
  public static AtomicOutput begin(String target, Configuration hadoopConf, List<String> inputs) throws IOException {
    Path path = new Path(target);
    FileSystem fs = path.getFileSystem(hadoopConf);
    Path qualified = fs.makeQualified(path);
    for (String input : inputs) {
      if (input != null) {
        Path in = new Path(input);
        String overlap = InputPaths.overlap(qualified.toUri(),
            in.getFileSystem(hadoopConf).makeQualified(in).toUri());
        if (overlap != null) {
          throw new IOException(target + ": the output " + overlap + " " + input + "; choose an output folder "
              + "outside the inputs (a job never writes into, or replaces, what it reads)");
        }
      }
    }
    if (fs.exists(qualified)) {
      if (!fs.getFileStatus(qualified).isDirectory()) {
        throw new IOException(target + ": the output exists and is a file, not a folder");
      }
      boolean empty = fs.listStatus(qualified).length == 0;
      if (!empty && !fs.exists(new Path(qualified, MARKER))) {
        throw new IOException(target + ": the output folder exists and is not the output of a swa job (no "
            + MARKER + "); remove it or choose another folder");
      }
    }
    Path parent = qualified.getParent();
    if (parent == null) {
      throw new IOException(target + ": the output cannot be a file system root");
    }
    fs.mkdirs(parent);
    List<String> stale = new ArrayList<>();
    for (FileStatus sibling : fs.listStatus(parent)) {
      String name = sibling.getPath().getName();
      if (sibling.isDirectory() && (name.startsWith(qualified.getName() + STAGING)
          || name.startsWith("." + qualified.getName() + REPLACED))) {
        stale.add(sibling.getPath().toString());
      }
    }
    Collections.sort(stale);
    // Not hidden (no leading dot or underscore): Spark ignores hidden folders when it reads a table back.
    Path staging = new Path(parent, qualified.getName() + STAGING + UUID.randomUUID());
    if (!fs.mkdirs(staging)) {
      throw new IOException(staging + ": cannot create the staging folder");
    }
    return new AtomicOutput(fs, qualified, staging, List.copyOf(stale));
  }

  /** Staging folders of this output left by earlier runs that did not finish, and previous outputs not removed. */
  public List<String> staleFolders() {
    return staleFolders;
  }

  /** Where the job writes table {@code name} (a subfolder of the staging folder). */
  public String table(String name) {
    return new Path(staging, name).toString();
  }

  /** The staging folder, for files that are not tables. */
  public Path staging() {
    return staging;
  }

  public String target() {
    return target.toString();
  }

  /** Writes a small text file into the staging folder. */
  public void writeText(String name, String content) throws IOException {
    writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a small file into the staging folder. */
  public void writeBytes(String name, byte[] content) throws IOException {
    try (OutputStream out = create(name)) {
      out.write(content);
    }
  }

  /** A new file of the staging folder ({@code name} may hold {@code /}: folders are created). */
  public OutputStream create(String name) throws IOException {
    return fs.create(new Path(staging, name), true);
  }

  /** Swaps the staging folder in place of the target, then drops the previous output. */
  public void commit() throws IOException {
    writeText(MARKER, "");
    Path previous = null;
    if (fs.exists(target)) {
      previous = new Path(target.getParent(), "." + target.getName() + REPLACED + UUID.randomUUID());
      if (!fs.rename(target, previous)) {
        throw new IOException(target + ": cannot move the previous output aside");
      }
    }
    if (!fs.rename(staging, target)) {
      if (previous != null) {
        fs.rename(previous, target);
      }
      throw new IOException(target + ": cannot move the new output in place");
    }
    committed = true;
    if (previous != null) {
      fs.delete(previous, true);
    }
  }

  /** Removes the staging folder of a run that did not commit. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      fs.delete(staging, true);
    }
  }
}
