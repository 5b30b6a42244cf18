package org.signwriting.animation.util;

import picocli.CommandLine.Option;

/** {@code --torch-threads} of the commands that run DJL; applied before the engine first loads. */
public final class TorchThreads {
  @Option(names = "--torch-threads", paramLabel = "N",
      description = "PyTorch threads (default: PyTorch's, one per core). On a machine shared with "
          + "other work, 1 is often several times faster: idle threads spin while waiting for busy cores.")
  public Integer threads;

  public void apply() {
    if (threads == null) {
      return;
    }
    OptionValues.atLeast("--torch-threads", threads, 1);
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }
}
