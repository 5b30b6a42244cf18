package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFileSystemTest {
  @TempDir Path folder;

  @Test
  void setsTheRequestedPermissionsOnFilesAndFoldersAndKeepsChecksums() throws Exception {
    try (ForklessLocalFileSystem fs = new ForklessLocalFileSystem()) {
      fs.initialize(folder.toUri(), new Configuration(false));
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(folder.resolve("a/b").toUri());
      assertTrue(fs.mkdirs(dir, new FsPermission((short) 0750)));
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "part.parquet");
      try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0604), true, 4096, (short) 1,
          1 << 20, null)) {
        out.write(new byte[] {1, 2, 3});
      }
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("a/b"))));
      assertEquals("rw----r--",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("a/b/part.parquet"))));
      fs.setPermission(file, new FsPermission((short) 0444));
      assertEquals("r--r--r--",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("a/b/part.parquet"))));
      // Still Hadoop's checksummed local file system: the .crc file beside the data is written as before.
      assertTrue(Files.exists(folder.resolve("a/b/.part.parquet.crc")));
      assertEquals(3, fs.getFileStatus(file).getLen());
    }
  }

  @Test
  void jobSessionsUseIt() throws Exception {
    assertEquals(ForklessLocalFileSystem.class.getName(),
        JobSession.configuration("test", "local[1]", java.util.Map.of()).get(ForklessLocalFileSystem.SETTING));
  }
}
