package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** The driver's and the tasks' decisions that need no cluster: shards, worker assignment, devices. */
class ClusterPlanningTest {

  @Test
  void shardsAreContiguousRowRangesOfEqualSize() {
    List<ParquetRows.FileRows> files = List.of(new ParquetRows.FileRows("a", 5), new ParquetRows.FileRows("b", 0),
        new ParquetRows.FileRows("c", 2), new ParquetRows.FileRows("d", 4));
    List<List<ParquetRows.Range>> shards = PoseShards.split(files, 3);
    assertEquals(List.of(new ParquetRows.Range("a", 0, 3)), shards.get(0));
    // 11 rows: 3, 4 and 4; a shard may end inside a file and the next start there.
    assertEquals(List.of(new ParquetRows.Range("a", 3, 2), new ParquetRows.Range("c", 0, 2)), shards.get(1));
    assertEquals(List.of(new ParquetRows.Range("d", 0, 4)), shards.get(2));
    List<List<ParquetRows.Range>> two = PoseShards.split(files, 2);
    assertEquals(List.of(new ParquetRows.Range("a", 0, 5)), two.get(0));
    assertEquals(List.of(new ParquetRows.Range("c", 0, 2), new ParquetRows.Range("d", 0, 4)), two.get(1));
    assertEquals(List.of(new ParquetRows.Range("a", 4, 1), new ParquetRows.Range("c", 0, 1)),
        PoseShards.split(List.of(new ParquetRows.FileRows("a", 5), new ParquetRows.FileRows("c", 3)), 4).get(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PoseShards.split(List.of(new ParquetRows.FileRows("a", 2)), 3));
    assertEquals("2 training sequences cannot feed 3 workers (each needs at least one)", e.getMessage());
  }

  @Test
  void aTaskTakesAWorkerWhoseStreamItsJvmHolds() {
    // Partition 0's JVM holds worker 1's stream, partition 2's worker 0's; nobody holds worker 2's.
    assertArrayEquals(new int[] {1, 2, 0}, ClusterWorker.assignWorkers(new String[] {"1", "", "0"}, 3));
    // Two tasks in one JVM both see its two streams: each gets one.
    assertArrayEquals(new int[] {0, 1}, ClusterWorker.assignWorkers(new String[] {"0,1", "0,1"}, 2));
    assertArrayEquals(new int[] {0, 1, 2}, ClusterWorker.assignWorkers(new String[] {"", "", ""}, 3));
  }

  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of("gpu", new ResourceInformation("gpu", addresses));
  }

  @Test
  void aTaskTrainsOnItsGpuOrTheCpuAndAGpuWithoutCudaIsAnError() {
    assertEquals(Device.cpu(), TaskDevices.device(Map.of(), 0));
    assertEquals(Device.cpu(), TaskDevices.device(null, 4));
    assertEquals(Device.gpu(1), TaskDevices.device(gpus("1"), 2));
    assertEquals(Device.gpu(3), TaskDevices.device(gpus("3", "2"), 4), "the first of the task's GPUs");
    IllegalStateException noCuda = assertThrows(IllegalStateException.class, () -> TaskDevices.device(gpus("0"), 0));
    assertTrue(noCuda.getMessage().startsWith("the task holds GPU 0 but PyTorch on this executor sees no CUDA "
        + "device"), noCuda.getMessage());
    assertTrue(noCuda.getMessage().contains("PYTORCH_LIBRARY_PATH"), noCuda.getMessage());
    assertThrows(IllegalStateException.class, () -> TaskDevices.device(gpus("2"), 2));
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> TaskDevices.device(gpus("GPU-5f2e"), 1));
    assertTrue(name.getMessage().contains("'GPU-5f2e' is not a CUDA device number"), name.getMessage());
  }
}
