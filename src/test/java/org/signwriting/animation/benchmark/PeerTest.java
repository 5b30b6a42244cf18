package org.signwriting.animation.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer mechanism with the real bench/signwriting_peer.py, on a stand-in signwriting package written here
 * (the real one is not part of the build): environment, arguments, JSON figures and failures.
 */
class PeerTest {
  @TempDir Path dir;

  private static final List<String> MODULES = List.of("signwriting.formats.fsw_to_sign");

  @Test
  void aMissingScriptOrInterpreterIsAReasonNotACrash() {
    Peer missing = Peer.find("nothing", "no_such_peer.py", null, Map.of(), List.of("json"));
    assertFalse(missing.available());
    assertTrue(missing.unavailableReason().endsWith("no_such_peer.py is missing"), missing.unavailableReason());
    Peer noPython = Peer.find("signwriting", "signwriting_peer.py", dir.resolve("python").toString(), Map.of(),
        MODULES);
    assertFalse(noPython.available());
    assertEquals("no Python among " + dir.resolve("python") + " can 'import signwriting.formats.fsw_to_sign'",
        noPython.unavailableReason());
    assertThrows(IllegalStateException.class, () -> noPython.run(List.of(), 10));
  }

  @Test
  void runsTheScriptWithItsEnvironmentAndReadsItsFigures() throws IOException {
    Path packageRoot = standIn("        return {'symbols': [fsw]}\n");
    Peer peer = Peer.find("signwriting", "signwriting_peer.py", null, Map.of("PYTHONPATH", packageRoot.toString()),
        MODULES);
    assumeTrue(peer.available(), "no python3 here: " + peer.unavailableReason());
    Path signs = Files.writeString(dir.resolve("signs.txt"), "M518x529S14c20481x471S27106503x489\n"
        .repeat(50));
    var figures = peer.run(List.of("--signs", signs.toString(), "--stage", "parse", "--rounds", "3"), 60);
    assertEquals(50, figures.get("signs").getAsInt());
    Samples rates = Peer.samples(figures, "per_second");
    assertEquals(3, rates.count());
    assertTrue(rates.min() > 0);
  }

  @Test
  void aFailingScriptReportsTheEndOfItsErrors() throws IOException {
    Path packageRoot = standIn("        raise ValueError('stand-in refuses ' + fsw)\n");
    Peer peer = Peer.find("signwriting", "signwriting_peer.py", null, Map.of("PYTHONPATH", packageRoot.toString()),
        MODULES);
    assumeTrue(peer.available(), "no python3 here: " + peer.unavailableReason());
    Path signs = Files.writeString(dir.resolve("signs.txt"), "M500x500\n");
    IOException e = assertThrows(IOException.class,
        () -> peer.run(List.of("--signs", signs.toString(), "--stage", "parse"), 60));
    assertTrue(e.getMessage().startsWith("signwriting: exit code 1: ")
        && e.getMessage().contains("ValueError: stand-in refuses M500x500"), e.getMessage());
  }

  /** A package named signwriting with the three functions the peer imports for parsing. */
  private Path standIn(String fswToSignBody) throws IOException {
    Path formats = Files.createDirectories(dir.resolve("pkg/signwriting/formats"));
    Files.writeString(formats.getParent().resolve("__init__.py"), "");
    Files.writeString(formats.resolve("__init__.py"), "");
    Files.writeString(formats.resolve("fsw_to_sign.py"), "def fsw_to_sign(fsw):\n    if True:\n"
        + fswToSignBody);
    Files.writeString(formats.resolve("swu.py"), "def is_swu(text):\n    return False\n");
    Files.writeString(formats.resolve("swu_to_fsw.py"), "def swu2fsw(text):\n    return text\n");
    return dir.resolve("pkg");
  }
}
