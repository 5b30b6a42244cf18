package org.signwriting.animation.io;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one check that a path named by input (the transcription CSV's {@code pose} column) stays inside the folder
 * it is resolved against, so that no row can make a job read outside the roots it was given; and the one check
 * that an output stays off the inputs ({@link #overlap}), so that nothing a command reads is written over.
 *
 * <p>{@link #relative} works on the name alone, as a string, so that it holds for any file system (local paths,
 * {@code hdfs://} and {@code s3a://} URIs): the name must be relative (no leading {@code /} or {@code \}, no
 * {@code scheme:} or drive letter) and must not contain a {@code ..} segment (not even one that would come back
 * inside: through a symbolic link, {@code link/..} is not where it looks). {@code .} and empty segments are
 * dropped and {@code \} counts as a separator, so each file has one name.
 *
 * <p>Symbolic links (local files, {@link #resolve}): a file whose real path (links followed) leaves the root's
 * real path is refused, so a link inside the pose folder cannot lead a job elsewhere. A root that is itself a link
 * is followed. Data sets assembled from links into other storage must be read from that storage.
 */
public final class InputPaths {
  /** A URI scheme ({@code file:}, {@code hdfs:}) or a Windows drive ({@code C:}). */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  /** What to do instead, for a training whose model folder overlaps an input ({@link #requireApart}). */
  public static final String MODEL_FOLDER_APART = "choose a model folder outside the inputs (training never writes "
      + "into, or over, what it reads)";

  private InputPaths() {}

  /** Why a named path is refused. */
  public enum Escape {
    /** An absolute path, a URI or a drive letter: a location of its own, not one inside the root. */
    ABSOLUTE("is absolute, not relative to"),
    /** A {@code ..} segment. */
    PARENT("climbs out of"),
    /** Names no file (empty, or only separators and dots). */
    EMPTY("names no file in"),
    /** A control character (e.g. NUL), which no real file name has. */
    CONTROL_CHARACTER("holds a control character, not a file name in"),
    /** A symbolic link on the way leads outside the root. */
    LINK("leads through a symbolic link out of");

    private final String words;

    Escape(String words) {
      this.words = words;
    }
  }

  /** A named path that would leave its root. */
  public static final class OutsideRootException extends IOException {
    private final String named;
    private final Escape escape;

    public OutsideRootException(String named, Escape escape, String root) {
      super("'" + named + "' " + escape.words + " " + root);
      this.named = named;
      this.escape = escape;
    }

    public String named() {
      return named;
    }

    public Escape escape() {
      return escape;
    }
  }

  /**
   * The name as a normalized relative path ({@code a/b.pose}), or an {@link OutsideRootException}. Pure string
   * work: no file system is touched.
   *
   * @param rootName how messages call the root, e.g. "the pose folder"
   */
  public static String relative(String named, String rootName) throws OutsideRootException {
    if (named == null || named.isEmpty()) {
      throw new OutsideRootException(String.valueOf(named), Escape.EMPTY, rootName);
    }
    for (int i = 0; i < named.length(); i++) {
      if (Character.isISOControl(named.charAt(i))) {
        throw new OutsideRootException(named, Escape.CONTROL_CHARACTER, rootName);
      }
    }
    if (named.startsWith("/") || named.startsWith("\\") || SCHEME.matcher(named).find()) {
      throw new OutsideRootException(named, Escape.ABSOLUTE, rootName);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : named.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw new OutsideRootException(named, Escape.PARENT, rootName);
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    if (segments.isEmpty()) {
      throw new OutsideRootException(named, Escape.EMPTY, rootName);
    }
    return String.join("/", segments);
  }

  /**
   * The local file {@code named} names inside {@code root}: {@link #relative} and, when the file exists, its real
   * path (symbolic links followed) inside the root's real path. A file that does not exist is returned as it is
   * (reading it fails as a missing file, nothing outside is read).
   */
  public static Path resolve(Path root, String named, String rootName) throws IOException {
    Path file = root.resolve(relative(named, rootName));
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException missing) {
      return file;
    }
    if (!real.startsWith(root.toRealPath())) {
      throw new OutsideRootException(named, Escape.LINK, rootName);
    }
    return file;
  }

  /**
   * How an output overlaps an input ("is the input", "contains the input", "lies inside the input"), or null when
   * it does not: the check that keeps every output off the inputs. Works on qualified URIs (scheme, authority,
   * path), so it holds for every file system; local ({@code file:}) paths are also compared with the symbolic
   * links of their existing part resolved, so a link cannot hide the overlap.
   */
  public static String overlap(Path output, Path input) {
    return overlap(output.toAbsolutePath().toUri(), input.toAbsolutePath().toUri());
  }

  /**
   * As {@link #overlap(Path, Path)}, for an output on this machine and an input location as {@link Inputs} names
   * it: a path of this machine, or a URI ({@code file:}, {@code hdfs://}, {@code s3a://}; one of another file system
   * never overlaps a local output).
   */
  public static String overlap(Path output, String input) {
    if (Inputs.isUri(input)) {
      return overlap(output.toAbsolutePath().toUri(), new org.apache.hadoop.fs.Path(input).toUri());
    }
    return overlap(output, Path.of(input));
  }

  /**
   * Refuses an output that overlaps one of {@code inputs} ({@link #overlap(Path, String)}), with one line that
   * names both: {@code OUTPUT: the WHAT is the input INPUT; INSTEAD}. For commands that write into a file or folder
   * of their own (a model folder, a result file), checked before anything is read or written.
   *
   * @param what how the message calls the output, e.g. "model folder"
   * @param inputs every location the command reads, as the user named it (paths or URIs; null entries skipped)
   * @param instead what to do instead, e.g. "write the result to another file (an input is never written over)"
   */
  public static void requireApart(Path output, String what, Iterable<String> inputs, String instead) {
    for (String input : inputs) {
      String overlap = input == null ? null : overlap(output, input);
      if (overlap != null) {
        throw new IllegalArgumentException(output + ": the " + what + " " + overlap + " " + input + "; " + instead);
      }
    }
  }

  /** As {@link #overlap(Path, Path)}, for qualified URIs of any file system. */
  public static String overlap(URI output, URI input) {
    String relation = relation(output, input);
    if (relation == null && "file".equals(output.getScheme()) && "file".equals(input.getScheme())) {
      relation = relation(realLocal(output), realLocal(input));
    }
    return relation;
  }

  private static String relation(URI output, URI input) {
    if (!Objects.equals(output.getScheme(), input.getScheme())
        || !Objects.equals(output.getAuthority(), input.getAuthority())) {
      return null;
    }
    String out = withoutTrailingSlash(output.normalize().getPath());
    String in = withoutTrailingSlash(input.normalize().getPath());
    if (out.equals(in)) {
      return "is the input";
    }
    if (in.startsWith(out + "/") || out.isEmpty()) {
      return "contains the input";
    }
    if (out.startsWith(in + "/") || in.isEmpty()) {
      return "lies inside the input";
    }
    return null;
  }

  private static String withoutTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** A local path with the symbolic links of its existing part resolved. */
  private static URI realLocal(URI uri) {
    Path path = Path.of(uri).normalize();
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return uri;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).toUri();
    } catch (IOException e) {
      return uri;
    }
  }
}
