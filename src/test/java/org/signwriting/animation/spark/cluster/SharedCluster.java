package org.signwriting.animation.spark.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.signwriting.animation.spark.JobSession;
import org.signwriting.animation.util.AtomicFiles;

/**
 * The one Spark standalone cluster of a test run (a Master and two one-core Workers, separate JVMs on 127.0.0.1),
 * shared by every cluster test class that extends with it: it starts with the first of them and stops after the
 * last test of the run (JUnit closes it with the run's root context). Every class starts with two live Workers: a
 * class that kills one adds another. The Workers pretend to have one GPU each, reported by the project's discovery
 * script ({@code conf/gpu-discovery.sh}); jobs that ask for no GPU ignore it.
 */
public final class SharedCluster implements BeforeAllCallback {
  static final Path PROJECT = Path.of(System.getProperty("swa.project.dir", ".")).toAbsolutePath();
  private static final int WORKERS = 2;
  private static final String WORKER_MEMORY = "1g";

  private static Resource resource;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    assumeTrue(Files.isRegularFile(PROJECT.resolve("target/swa.jar")), "skipped: target/swa.jar is not built");
    resource = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Resource.class, key -> Resource.start(), Resource.class);
    resource.cluster.keepLiveWorkers(WORKERS, WORKER_MEMORY);
  }

  static StandaloneCluster cluster() {
    return resource.cluster;
  }

  static SparkDistribution distribution() {
    return resource.distribution;
  }

  /** Memory of a Worker, for one added in place of a killed one. */
  static String workerMemory() {
    return WORKER_MEMORY;
  }

  /** The cluster and its distribution; closing stops every process it started and checks that none is left. */
  private record Resource(SparkDistribution distribution, StandaloneCluster cluster)
      implements ExtensionContext.Store.CloseableResource {

    static Resource start() {
      try {
        Path work = PROJECT.resolve("target/shared-cluster");
        AtomicFiles.deleteRecursively(work);
        Files.createDirectories(work);
        Path discovery = work.resolve("gpu-discovery.sh");
        Files.writeString(discovery, "#!/bin/sh\nSWA_GPU_ADDRESSES=0 exec "
            + PROJECT.resolve("conf/gpu-discovery.sh") + "\n");
        Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
        SparkDistribution distribution = SparkDistribution.assemble(work.resolve("spark-home"),
            PROJECT.resolve("target/spark-lib"), PROJECT.resolve("target/lib"), "4.1.2");
        List<String> jvmOptions = new ArrayList<>(List.of(JobSession.executorJavaOptions().split(" ")));
        jvmOptions.add("-Dspark.worker.resource.gpu.amount=1");
        jvmOptions.add("-Dspark.worker.resource.gpu.discoveryScript=" + discovery);
        return new Resource(distribution, StandaloneCluster.start(distribution, work.resolve("cluster"), jvmOptions,
            WORKERS, WORKER_MEMORY));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      cluster.close();
      if (!cluster.allStopped()) {
        throw new IllegalStateException("a process of the shared Spark cluster is still running");
      }
    }
  }
}
