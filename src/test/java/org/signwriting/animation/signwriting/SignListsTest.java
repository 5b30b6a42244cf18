package org.signwriting.animation.signwriting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignListsTest {
  private static final String A = "M518x529S14c20481x471S27106503x489";
  private static final String B = "M507x507S1f720487x492";

  @TempDir
  Path dir;

  private List<String> read(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return SignLists.read(file);
  }

  @Test
  void textFilesHaveOneSignPerLine() throws IOException {
    assertEquals(List.of(A, B), read("signs.txt", A + "\n\n  " + B + "  \n"));
  }

  @Test
  void jsonListsOfStringsOrOfObjects() throws IOException {
    assertEquals(List.of(A, B), read("list.json", "[\"" + A + "\", \"" + B + "\"]"));
    assertEquals(List.of(A, B), read("objects.json",
        "[{\"sign_id\": \"1\", \"gloss_id\": null, \"signwriting\": \"" + A + "\"}, {\"signwriting\": \"" + B
            + "\"}]"));
  }

  @Test
  void jsonObjectsOfListsAndVariants() throws IOException {
    assertEquals(List.of(A, B, A), read("letters.json",
        "{\"a\": [\"" + A + "\"], \"b\": {\"default\": [\"" + B + "\"], \"variations\": {\"1hand\": [\"" + A
            + "\"]}}}"));
  }

  @Test
  void badJsonNamesTheFile() {
    IOException error = assertThrows(IOException.class, () -> read("broken.json", "[\"" + A + "\""));
    assertTrue(error.getMessage().contains("broken.json") && error.getMessage().contains("not valid JSON"),
        error.getMessage());
  }

  /** A stream is named as its source says (a URI as the user gave it), JSON by that name's extension. */
  @Test
  void streamsAreNamedByTheirSource() throws IOException {
    String source = "hdfs://namenode:8020/lists/letters.json";
    assertEquals(List.of(A), SignLists.read(source, new ByteArrayInputStream(("[\"" + A + "\"]").getBytes(UTF_8))));
    IOException error = assertThrows(IOException.class,
        () -> SignLists.read(source, new ByteArrayInputStream("[".getBytes(UTF_8))));
    assertTrue(error.getMessage().startsWith(source + ": not valid JSON"), error.getMessage());
    byte[] latin1 = (B + "\nM507x507S1f720487x492 \u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    error = assertThrows(IOException.class, () -> SignLists.read("s3a://bucket/signs.txt",
        new ByteArrayInputStream(latin1)));
    assertEquals("s3a://bucket/signs.txt: not UTF-8 text", error.getMessage());
  }
}
