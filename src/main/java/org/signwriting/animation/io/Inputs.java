package org.signwriting.animation.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

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

  /** Whether the location is read with {@code java.nio} on this machine. */
  public boolean isLocal(String location) {
    return !isUri(location) && !plainPathsAreRemote;
  }

  /** The location made absolute (a local absolute path, or a fully qualified URI), for tasks on other machines. */
  public String qualify(String location) throws IOException {
    if (isLocal(location)) {
      return Path.of(location).toAbsolutePath().normalize().toString();
    }
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    return path.getFileSystem(conf()).makeQualified(path).toString();
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
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    return path.getFileSystem(conf()).exists(path);
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
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
      return path.getFileSystem(conf()).open(path);
    } catch (FileNotFoundException e) {
      throw noSuchFile(location, e);
    }
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
        throw new IOException(location + ": is a directory, not a file");
      }
      return FileChannel.open(file, StandardOpenOption.READ);
    }
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    FileSystem fs = path.getFileSystem(conf());
    try {
      FileStatus status = fs.getFileStatus(path);
      if (status.isDirectory()) {
        throw new IOException(location + ": is a directory, not a file");
      }
      return new HadoopChannel(fs.open(path), status.getLen());
    } catch (FileNotFoundException e) {
      throw noSuchFile(location, e);
    }
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
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(folder);
    FileSystem fs = root.getFileSystem(conf());
    org.apache.hadoop.fs.Path qualified = fs.makeQualified(root);
    String prefix = qualified.toUri().getPath();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    try {
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(qualified, true);
      while (listing.hasNext()) {
        LocatedFileStatus status = listing.next();
        String path = status.getPath().toUri().getPath();
        if (status.isFile() && status.getPath().getName().endsWith(suffix) && path.startsWith(prefix)) {
          files.put(path.substring(prefix.length()), new Listed(status.getPath().toString(), status.getLen()));
        }
      }
    } catch (FileNotFoundException e) {
      throw noSuchFile(folder, e);
    }
    return files;
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
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(location);
    FileSystem fs = source.getFileSystem(conf());
    FileStatus status;
    try {
      status = fs.getFileStatus(source);
    } catch (FileNotFoundException e) {
      throw noSuchFile(location, e);
    }
    Path target = Files.createTempDirectory(copiesFolder(), "input").resolve(source.getName());
    copy(fs, status, target);
    return target;
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
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temporary folder: the system cleans it up eventually
    }
  }

  private FileStatus statusOrNull(String location) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try {
      return path.getFileSystem(conf()).getFileStatus(path);
    } catch (FileNotFoundException e) {
      return null;
    }
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
