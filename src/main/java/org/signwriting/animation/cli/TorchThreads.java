package org.signwriting.animation.cli;

/** The PyTorch thread count of a command; must be set before the engine first loads. */
final class TorchThreads {
  private TorchThreads() {}

  static void set(Integer threads) {
    if (threads == null) {
      return;
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("--torch-threads must be positive, got " + threads);
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }
}
