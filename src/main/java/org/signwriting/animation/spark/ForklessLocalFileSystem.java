package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file://}, checksums included) that sets permissions through Java instead of
 * starting a {@code chmod} process. Without Hadoop's native library, every file and folder a Spark job writes
 * costs one such process: about 180 per prepare-poses run over 0.5 GB, and on a loaded machine the forks of a
 * large JVM took more wall time than decoding. The permissions set are the same.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  /** The setting that makes Spark's Hadoop configuration use this class for {@code file://}. */
  static final String SETTING = "spark.hadoop.fs.file.impl";

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  static final class Raw extends RawLocalFileSystem {
    private static final int STICKY_BIT = 01000;

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      short mode = permission.toShort();
      java.nio.file.Path file = pathToFile(path).toPath();
      if ((mode & STICKY_BIT) != 0 || !Files.getFileStore(file).supportsFileAttributeView("posix")) {
        super.setPermission(path, permission); // what Java cannot express: Hadoop's own way
        return;
      }
      Files.setPosixFilePermissions(file, posixPermissions(mode));
    }

    /** The nine rwx bits of a Unix mode; PosixFilePermission lists them from owner read (bit 8) down. */
    static Set<PosixFilePermission> posixPermissions(int mode) {
      Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
      for (int bit = 8; bit >= 0; bit--) {
        if ((mode & (1 << bit)) != 0) {
          permissions.add(PosixFilePermission.values()[8 - bit]);
        }
      }
      return permissions;
    }
  }
}
