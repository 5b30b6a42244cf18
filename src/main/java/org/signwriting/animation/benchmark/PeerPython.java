package org.signwriting.animation.benchmark;

import picocli.CommandLine.Option;

/** {@code --python}: the interpreter of a benchmark's Python peer (see {@link Peer#find}). */
final class PeerPython {
  @Option(names = "--python", paramLabel = "CMD",
      description = "Python interpreter of the peer (default: $SWA_PYTHON, python3, /usr/bin/python3: the first "
          + "that imports what the peer needs).")
  String command;
}
