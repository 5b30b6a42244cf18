package org.signwriting.animation.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.signwriting.animation.util.AtomicFiles;

/**
 * The one place where the pipeline opens its inputs (pose files, transcription CSVs, sign lists, prepared tables'
 * side files, model folders). A location is a string, as Spark users write them:
 *
 * <ul>
 *   <li>a URI with a scheme ({@code file:///data/poses}, {@code hdfs://namenode:8020/poses}, {@code s3a://bucket/x})
 *       is read through Hadoop's {@link FileSystem} for that scheme, with the settings of the {@link Configuration}
 *       given (a Spark session's: {@code spark.hadoop.*}, {@code core-site.xml});
 *   <li>a plain path is a path of the default file system ({@code fs.defaultFS}): on this machine's disk unless the
 *       configuration names another (then it is read through Hadoop like a URI), as a plain path given to Spark is.
 * </ul>
 *
 * <p>Local plain paths are read with {@code java.nio} directly: the local default costs no Hadoop file system
 * (checksum wrapper, status calls) on the hot path. Code that needs a local file (DJL loads models from disk;
 * small files parsed by path) asks for {@link #local(String)}: the path itself when local, else a copy in this
 * JVM's temporary folder, made once per location.
 */
public final class Inputs {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");
  /** "java.net.UnknownHostException: name", as Hadoop wraps it into other exceptions' messages. */
  private static final Pattern UNKNOWN_HOST = Pattern.compile("UnknownHostException: ([^\\s;:]+)");
  /** Qualified Java class names that open a message ("java.io.IOException: "). */
  private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*: ");
  private static final Inputs LOCAL = new Inputs(Configuration::new, false);
  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();
  private static volatile Path copiesFolder;

  private final Supplier<Configuration> configuration;
  private final boolean plainPathsAreRemote;
  private volatile Configuration conf;

  private Inputs(Supplier<Configuration> configuration, boolean plainPathsAreRemote) {
    this.configuration = configuration;
    this.plainPathsAreRemote = plainPathsAreRemote;
  }

  /**
   * Inputs of a command that starts no Spark session: plain paths are local; URIs go through Hadoop with the
   * configuration found on the class path ({@code core-site.xml}), created on first use.
   */
  public static Inputs local() {
    return LOCAL;
  }

  /** Inputs read with a Hadoop configuration, e.g. a Spark session's; plain paths follow its default file system. */
  public static Inputs with(Configuration conf) {
    String defaultFs = FileSystem.getDefaultUri(conf).getScheme();
    return new Inputs(() -> conf, defaultFs != null && !defaultFs.equals("file"));
  }

  /** Whether a location has a scheme ({@code file:}, {@code hdfs:}, ...). */
  public static boolean isUri(String location) {
    return SCHEME.matcher(location).matches();
  }

  /** The file name of a location (its last segment), e.g. to name a CSV's rows {@code NAME:LINE}. */
  public static String name(String location) {
    if (isUri(location)) {
      return new org.apache.hadoop.fs.Path(location).getName();
    }
    String path = location.replace('\\', '/');
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Whether the location is read with {@code java.nio} on this machine. */
  public boolean isLocal(String location) {
    return !isUri(location) && !plainPathsAreRemote;
  }

  /** The location made absolute (a local absolute path, or a fully qualified URI), for tasks on other machines. */
  public String qualify(String location) throws IOException {
    if (isLocal(location)) {
      return Path.of(location).toAbsolutePath().normalize().toString();
    }
    return remote(location, (fs, path) -> fs.makeQualified(path).toString());
  }

  /** {@code relative} (with {@code /}) inside {@code folder}. */
  public String resolve(String folder, String relative) {
    if (isLocal(folder)) {
      return Path.of(folder).resolve(relative).toString();
    }
    return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(folder), relative).toString();
  }

  /**
   * The location of the file {@code named} (a path read from input, e.g. a CSV row's {@code pose}) inside the
   * folder {@code root}, or an {@link InputPaths.OutsideRootException}: the name must be relative and stay inside
   * (the one confinement check, {@link InputPaths}); a local file must not lead out through a symbolic link.
   *
   * @param rootName how messages call the root, e.g. "the pose folder"
   */
  public String resolveInside(String root, String named, String rootName) throws IOException {
    String relative = InputPaths.relative(named, rootName);
    if (isLocal(root)) {
      return InputPaths.resolve(Path.of(root), relative, rootName).toAbsolutePath().toString();
    }
    return resolve(root, relative);
  }

  public boolean exists(String location) throws IOException {
    if (isLocal(location)) {
      return Files.exists(Path.of(location));
    }
    return remote(location, FileSystem::exists);
  }

  public boolean isDirectory(String location) throws IOException {
    if (isLocal(location)) {
      return Files.isDirectory(Path.of(location));
    }
    FileStatus status = statusOrNull(location);
    return status != null && status.isDirectory();
  }

  public boolean isFile(String location) throws IOException {
    if (isLocal(location)) {
      return Files.isRegularFile(Path.of(location));
    }
    FileStatus status = statusOrNull(location);
    return status != null && status.isFile();
  }

  /** The file's size in bytes; {@link NoSuchFileException} naming the location when there is none. */
  public long size(String location) throws IOException {
    if (isLocal(location)) {
      return Files.size(Path.of(location));
    }
    FileStatus status = statusOrNull(location);
    if (status == null) {
      throw new NoSuchFileException(location);
    }
    return status.getLen();
  }

  public InputStream open(String location) throws IOException {
    if (isLocal(location)) {
      return Files.newInputStream(Path.of(location));
    }
    return remote(location, FileSystem::open);
  }

  public byte[] readAllBytes(String location) throws IOException {
    try (InputStream in = open(location)) {
      return in.readAllBytes();
    }
  }

  /**
   * A channel over the file for reading parts of it (a pose file's header, then only the frames wanted): a
   * {@link FileChannel} locally, else a seekable stream of the file system.
   */
  public SeekableByteChannel channel(String location) throws IOException {
    if (isLocal(location)) {
      Path file = Path.of(location);
      if (Files.isDirectory(file)) {
        throw new FileSystemException(location, null, "is a folder, not a file");
      }
      return FileChannel.open(file, StandardOpenOption.READ);
    }
    return remote(location, (fs, path) -> {
      FileStatus status = fs.getFileStatus(path);
      if (status.isDirectory()) {
        throw new FileSystemException(location, null, "is a folder, not a file");
      }
      return new HadoopChannel(fs.open(path), status.getLen());
    });
  }

  /**
   * The files under a folder (recursively) whose name ends with {@code suffix}: their path relative to the folder
   * (with {@code /}) to their location and size, in the order of the relative paths. One listing call per
   * folder on a distributed file system, no call per file.
   */
  public Map<String, Listed> find(String folder, String suffix) throws IOException {
    Map<String, Listed> files = new TreeMap<>();
    if (isLocal(folder)) {
      Path root = Path.of(folder);
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).forEach(p -> {
          try {
            files.put(root.relativize(p).toString().replace('\\', '/'),
                new Listed(p.toAbsolutePath().toString(), Files.size(p)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return files;
    }
    return remote(folder, (fs, root) -> {
      org.apache.hadoop.fs.Path qualified = fs.makeQualified(root);
      String prefix = qualified.toUri().getPath();
      prefix = prefix.endsWith("/") ? prefix : prefix + "/";
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(qualified, true);
      while (listing.hasNext()) {
        LocatedFileStatus status = listing.next();
        String path = status.getPath().toUri().getPath();
        if (status.isFile() && status.getPath().getName().endsWith(suffix) && path.startsWith(prefix)) {
          files.put(path.substring(prefix.length()), new Listed(status.getPath().toString(), status.getLen()));
        }
      }
      return files;
    });
  }

  /** A listed file: its location and size. */
  public record Listed(String location, long bytes) {}

  /**
   * A local path holding what the location holds (a file, or a folder with its files, recursively): the path itself
   * when it is local, else a copy in this JVM's temporary folder, made on the first call for the location and
   * removed when the JVM exits. For code that must read from disk (DJL loads models from files).
   */
  public Path local(String location) throws IOException {
    if (isLocal(location)) {
      Path path = Path.of(location);
      if (!Files.exists(path)) {
        throw new NoSuchFileException(location);
      }
      return path;
    }
    String qualified = qualify(location);
    try {
      return COPIES.computeIfAbsent(qualified, key -> {
        try {
          return copy(key);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Path copy(String location) throws IOException {
    return remote(location, (fs, source) -> {
      FileStatus status = fs.getFileStatus(source);
      Path target = Files.createTempDirectory(copiesFolder(), "input").resolve(source.getName());
      copy(fs, status, target);
      return target;
    });
  }

  private static void copy(FileSystem fs, FileStatus status, Path target) throws IOException {
    if (status.isDirectory()) {
      Files.createDirectories(target);
      for (FileStatus child : fs.listStatus(status.getPath())) {
        copy(fs, child, target.resolve(child.getPath().getName()));
      }
      return;
    }
    try (FSDataInputStream in = fs.open(status.getPath())) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static synchronized Path copiesFolder() throws IOException {
    if (copiesFolder == null) {
      Path folder = Files.createTempDirectory("swa-inputs");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder)));
      copiesFolder = folder;
    }
    return copiesFolder;
  }

  private static void deleteQuietly(Path folder) {
    try {
      AtomicFiles.deleteRecursively(folder);
    } catch (IOException | UncheckedIOException ignored) {
      // a temporary folder: the system cleans it up eventually
    }
  }

  private FileStatus statusOrNull(String location) throws IOException {
    try {
      return remote(location, FileSystem::getFileStatus);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** One call on the file system of a location that is not read with {@code java.nio}. */
  @FunctionalInterface
  private interface RemoteCall<T> {
    T call(FileSystem fs, org.apache.hadoop.fs.Path path) throws IOException;
  }

  /**
   * Runs {@code call} on the location's file system. Whatever goes wrong is one exception naming the location: a
   * missing file is a {@link NoSuchFileException}; a file system that cannot be reached or has no implementation
   * here, or any other failure, a {@link FileSystemException} with the reason in words.
   */
  private <T> T remote(String location, RemoteCall<T> call) throws IOException {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
      return call.call(path.getFileSystem(conf()), path);
    } catch (FileNotFoundException e) {
      throw noSuchFile(location, e);
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      FileSystemException named = new FileSystemException(location, null, reason(e));
      named.initCause(e);
      throw named;
    }
  }

  /** Why a file system call failed, in words: no Java class names, no stack of wrapped messages. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof ConnectException) {
        String words = lastWords(t);
        return "cannot connect to the file system (" + (words.contains("Connection refused") ? "connection refused"
            : words) + ")";
      }
      if (t instanceof UnsupportedFileSystemException) {
        return "no file system for its scheme here (file: and hdfs: come with Spark; s3a: needs the hadoop-aws "
            + "jar on the class path)";
      }
    }
    String message = lastWords(e);
    Matcher host = UNKNOWN_HOST.matcher(message);
    return host.find() ? "unknown host " + host.group(1) : message;
  }

  /** A message's first line without the "java.net.SomeException: " prefixes that wrapping adds. */
  private static String lastWords(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getCause() != null ? lastWords(e.getCause()) : "input/output error";
    }
    return CLASS_PREFIX.matcher(message.lines().findFirst().orElse(message)).replaceAll("").trim();
  }

  private Configuration conf() {
    Configuration c = conf;
    if (c == null) {
      synchronized (this) {
        if (conf == null) {
          conf = configuration.get();
        }
        c = conf;
      }
    }
    return c;
  }

  private static NoSuchFileException noSuchFile(String location, FileNotFoundException cause) {
    NoSuchFileException e = new NoSuchFileException(location);
    e.initCause(cause);
    return e;
  }
}
