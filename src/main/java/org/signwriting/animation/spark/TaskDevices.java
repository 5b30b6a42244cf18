package org.signwriting.animation.spark;

import ai.djl.Device;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device a training task runs on: the GPU Spark gave the task ({@code spark.task.resource.gpu.amount}, the
 * {@code gpu} resource of {@code TaskContext.resources()}), else the CPU. Spark's GPU addresses are the devices'
 * CUDA numbers as the executor sees them (what {@code conf/gpu-discovery.sh} reports); a task given several uses the
 * first. A task given a GPU on an executor whose PyTorch has no CUDA is an error, not a silent fall back to the CPU:
 * a cluster configured for GPUs that trains on CPUs would be many times slower without saying why.
 */
final class TaskDevices {
  static final String GPU = "gpu";

  private TaskDevices() {}

  /** The device for a task holding {@code resources}, where PyTorch sees {@code gpus} CUDA devices. */
  static Device device(Map<String, ResourceInformation> resources, int gpus) {
    ResourceInformation gpu = resources == null ? null : resources.get(GPU);
    if (gpu == null || gpu.addresses().length == 0) {
      return Device.cpu();
    }
    String address = gpu.addresses()[0];
    int id;
    try {
      id = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the task's GPU address '" + address + "' is not a CUDA device number "
          + "(the GPU discovery script must report device numbers, as conf/gpu-discovery.sh does)", e);
    }
    if (id < 0 || id >= gpus) {
      throw new IllegalStateException("the task holds GPU " + id + " but PyTorch on this executor sees "
          + (gpus == 0 ? "no CUDA device: its libtorch is the CPU build; point PYTORCH_LIBRARY_PATH at a CUDA "
              + "build of libtorch 2.7.1 on the executors (README: GPU clusters)" : gpus + " CUDA devices"));
    }
    return Device.gpu(id);
  }
}
