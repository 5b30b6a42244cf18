package org.signwriting.animation.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs read the same through a plain path ({@code java.nio}) and through a {@code file://} URI (Hadoop's
 * FileSystem, the code path of {@code hdfs://} and {@code s3a://}).
 */
class InputsTest {
  @TempDir Path dir;

  @Test
  void aPlainPathAndAFileUriReadTheSame() throws Exception {
    Path poses = Files.createDirectories(dir.resolve("poses/sub"));
    byte[] bytes = new byte[100_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(poses.resolve("b.pose"), bytes);
    Files.write(dir.resolve("poses/a.pose"), new byte[] {1, 2, 3});
    Files.writeString(dir.resolve("poses/notes.txt"), "not a pose");
    String plain = dir.resolve("poses").toString();
    String uri = dir.resolve("poses").toUri().toString();
    assertTrue(uri.startsWith("file:/"), uri);
    Inputs inputs = Inputs.local();
    assertTrue(inputs.isLocal(plain));
    assertFalse(inputs.isLocal(uri), "a URI goes through Hadoop's FileSystem");

    for (String folder : List.of(plain, uri)) {
      assertTrue(inputs.isDirectory(folder), folder);
      Map<String, Inputs.Listed> found = inputs.find(folder, ".pose");
      assertEquals(List.of("a.pose", "sub/b.pose"), List.copyOf(found.keySet()), folder);
      assertEquals(3, found.get("a.pose").bytes());
      String b = found.get("sub/b.pose").location();
      assertEquals(bytes.length, inputs.size(b));
      assertTrue(inputs.isFile(b));
      assertArrayEquals(bytes, inputs.readAllBytes(inputs.resolve(folder, "sub/b.pose")));
      try (SeekableByteChannel channel = inputs.channel(b)) {
        assertEquals(bytes.length, channel.size());
        ByteBuffer part = ByteBuffer.allocate(10);
        channel.position(5000).read(part);
        for (int i = 0; i < 10; i++) {
          assertEquals(bytes[5000 + i], part.get(i));
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(7);
        assertEquals(7, channel.position(99_993).read(direct));
        assertEquals(-1, channel.read(ByteBuffer.allocate(1)), "end of the file");
      }
      String missing = inputs.resolve(folder, "missing.pose");
      assertFalse(inputs.exists(missing));
      NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> inputs.size(missing));
      assertEquals(missing, e.getFile());
      assertThrows(NoSuchFileException.class, () -> inputs.open(missing));
    }
  }

  @Test
  void aRemoteFolderIsCopiedOnceForCodeThatNeedsLocalFiles() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model/embedding_model"));
    Files.writeString(model.resolve("config.json"), "{}");
    Files.write(model.resolve("encoder.params"), new byte[] {4, 5, 6});
    Inputs inputs = Inputs.local();
    assertEquals(dir.resolve("model"), inputs.local(dir.resolve("model").toString()), "a local path is itself");
    String uri = dir.resolve("model").toUri().toString();
    Path copy = inputs.local(uri);
    assertNotEquals(dir.resolve("model"), copy);
    assertEquals("model", copy.getFileName().toString());
    assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(copy.resolve("embedding_model/encoder.params")));
    assertEquals("{}", Files.readString(copy.resolve("embedding_model/config.json")));
    assertEquals(copy, inputs.local(uri), "copied once per JVM");
    assertThrows(NoSuchFileException.class, () -> inputs.local(dir.resolve("absent").toUri().toString()));
    assertThrows(NoSuchFileException.class, () -> inputs.local(dir.resolve("absent").toString()));
  }

  @Test
  void aFileSystemThatCannotBeReachedIsOneLineNamingTheInput() {
    Inputs inputs = Inputs.local();
    for (String location : List.of("foo://bucket/poses", "hdfs://nohost.invalid:8020/poses")) {
      FileSystemException e = assertThrows(FileSystemException.class, () -> inputs.isDirectory(location));
      assertEquals(location, e.getFile());
      String reason = e.getReason();
      assertTrue(reason.startsWith("unknown host nohost.invalid") || reason.startsWith("no file system for its scheme"),
          reason);
      assertFalse(reason.contains("Exception") || reason.contains("\n"), reason);
    }
  }

  /** The file name that names a CSV's rows ({@code NAME:LINE}) and a sign list's signs, for paths and URIs alike. */
  @Test
  void aLocationsNameIsItsLastSegment() {
    assertEquals("data.csv", Inputs.name("hdfs://namenode:8020/corpus/data.csv"));
    assertEquals("data.csv", Inputs.name("file:///corpus/data.csv"));
    assertEquals("data.csv", Inputs.name("corpus/data.csv"));
    assertEquals("data.csv", Inputs.name("data.csv"));
    assertEquals("my:list.txt", Inputs.name("lists/my:list.txt"), "a colon in a local name is no scheme");
  }

  @Test
  void plainPathsFollowTheDefaultFileSystem() throws Exception {
    Configuration conf = new Configuration(false);
    assertTrue(Inputs.with(conf).isLocal("/data/poses"));
    conf.set("fs.defaultFS", "hdfs://namenode:8020");
    Inputs cluster = Inputs.with(conf);
    assertFalse(cluster.isLocal("/data/poses"), "on a cluster whose default file system is HDFS");
    assertEquals("hdfs://namenode:8020/data/poses/a.pose", cluster.resolve("hdfs://namenode:8020/data/poses", "a.pose"));
    assertTrue(Inputs.isUri("s3a://bucket/poses"));
    assertFalse(Inputs.isUri("poses/a.pose"));
    try (InputStream in = Inputs.local().open(dir.resolve("x").toString())) {
      throw new AssertionError("no such file");
    } catch (NoSuchFileException expected) {
      // as java.nio says it
    }
  }
}
