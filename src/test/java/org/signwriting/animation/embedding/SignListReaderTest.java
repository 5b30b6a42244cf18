package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.testing.SharedData;

class SignListReaderTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void readsTextOneSignPerLine() throws IOException {
    List<SignText> signs = SignListReader.read(write("signs.txt", "M507x507S1f720487x492\n\n  𝠃𝤒𝤖񁲡𝣻𝣷 \n"));
    assertEquals(List.of(new SignText("M507x507S1f720487x492", "signs.txt:1"),
        new SignText("𝠃𝤒𝤖񁲡𝣻𝣷", "signs.txt:3")), signs);
  }

  @Test
  void readsJsonListsOfStringsAndOfObjects() throws IOException {
    assertEquals(List.of(new SignText("M507x507S1f720487x492", "a.json[0]")),
        SignListReader.read(write("a.json", "[\"M507x507S1f720487x492\"]")));
    assertEquals(new SignText("M507x507S1f720487x492", "b.json[1]"),
        SignListReader.read(write("b.json",
            "[{\"signwriting\": \"M508x507S16d20491x487\"}, {\"signwriting\": \"M507x507S1f720487x492\"}]"))
            .get(1));
  }

  @Test
  void readsTheRealDgsFileAsItIs() throws IOException {
    List<SignText> signs =
        SignListReader.read(SharedData.path("signwriting/dgs-hamnosys-signwriting-parallel.json"));
    assertEquals(3772, signs.size());
    assertEquals("M549x518S17600532x453S21d00531x442S2ff00482x483S26503517x469", signs.get(0).text());
    assertEquals("dgs-hamnosys-signwriting-parallel.json[0]", signs.get(0).origin());
  }

  @Test
  void readsTheRealFingerspellingFilesAsTheyAre() throws IOException {
    Path folder = SharedData.path("signwriting/fingerspelling");
    int total = 0;
    try (var files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        total += SignListReader.read(file).size();
      }
    }
    // Every string of the 25 alphabets, including ase.json's nested {default, variations} objects.
    assertEquals(1099, total);
    List<SignText> ase = SignListReader.read(folder.resolve("ase.json"));
    assertTrue(ase.contains(new SignText("M508x507S1fb20493x488", "ase.json[\"+\"][\"variations\"][\"1hand\"][0]")),
        ase.toString());
  }

  @Test
  void readsTheTextColumnOfTheTranscriptionCsv() throws IOException {
    List<SignText> signs =
        SignListReader.readTranscriptionCsv(SharedData.path("transcription/data_subset.csv"));
    assertEquals(2, signs.size());
    assertEquals("𝠃𝤒𝤖񁲡𝣻𝣷", signs.get(0).text());
    assertEquals("data_subset.csv:2", signs.get(0).origin());
  }

  @Test
  void badListsNameTheFileAndTheEntry() throws IOException {
    Path numbers = write("n.json", "[\"M507x507S1f720487x492\", 5]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignListReader.read(numbers));
    assertTrue(e.getMessage().startsWith(numbers + ": n.json[1] is neither"), e.getMessage());

    Path empty = write("empty.txt", "\n\n");
    e = assertThrows(IllegalArgumentException.class, () -> SignListReader.read(empty));
    assertEquals(empty + ": holds no signs", e.getMessage());

    Path broken = write("broken.json", "[\"M507x507S1f720487x492\"");
    e = assertThrows(IllegalArgumentException.class, () -> SignListReader.read(broken));
    assertTrue(e.getMessage().startsWith(broken + ": not valid JSON"), e.getMessage());

    Path noText = write("t.csv", "pose,start\na.pose,0\n");
    e = assertThrows(IllegalArgumentException.class, () -> SignListReader.readTranscriptionCsv(noText));
    assertTrue(e.getMessage().startsWith(noText + ": no \"text\" column"), e.getMessage());
  }
}
