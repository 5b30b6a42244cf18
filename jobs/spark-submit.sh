#!/usr/bin/env bash
# Submits a swa Spark job to a cluster: jobs/spark-submit.sh JOB [JOB OPTIONS...]
#
#   SPARK_HOME          a Spark 4.1 distribution for Scala 2.13 (required)
#   SPARK_MASTER        where to run: spark://HOST:PORT, yarn, k8s://https://HOST:PORT, local[N] (default: local[*])
#   SWA_SUBMIT_OPTIONS  more spark-submit options, e.g. "--deploy-mode cluster --conf spark.executor.memory=4g"
#   SWA_DRIVER_MEMORY   driver heap (default: 2g)
#   SWA_NATIVES         PyTorch natives shipped to the executors of DJL jobs: the platform of the cluster's machines
#                       (linux-x86_64, the default; linux-aarch64)
#
# The application jar (target/swa.jar) and its dependencies (target/lib, shipped with --jars) come from
# `mvn -DskipTests package`; Spark itself comes from the cluster. Settings, highest priority first: the job's
# --conf options, SWA_SUBMIT_OPTIONS' --conf, conf/spark-defaults.conf of this project (the pipeline's settings),
# then the cluster's own spark-defaults.conf (--load-spark-defaults), whose other settings (event log, YARN queue,
# Kubernetes image...) apply as they do to any job. The JVM flags Spark 4 needs on Java 17 (conf/java17.options)
# go to the driver here and are appended by the driver to the executors' spark.executor.extraJavaOptions, after
# whatever the cluster or the user set there.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 JOB [JOB OPTIONS...]   (JOB: prepare-poses, render-signwriting, pose-stats, prepare-embeddings)" >&2
  exit 2
fi
job="$1"
shift
if [ -z "${SPARK_HOME:-}" ] || [ ! -d "$SPARK_HOME/jars" ]; then
  echo "error: set SPARK_HOME to a Spark 4.1 (Scala 2.13) distribution (it has no jars/ folder: '${SPARK_HOME:-}')" >&2
  exit 2
fi
if [ ! -f "$root/target/swa.jar" ] || [ ! -d "$root/target/lib" ]; then
  echo "error: the application is not built yet; build it with: (cd '$root' && mvn -q -DskipTests package)" >&2
  exit 2
fi
# The data preparation jobs run no PyTorch: not shipping its natives (over 100 MB, resources only, no classes the
# command line loads) saves every executor that download. The DJL jobs ship the natives of one platform only.
jars="$(find "$root/target/lib" -name '*.jar' | grep -Ev '/pytorch-native-[^/]*\.jar$' | sort)"
case "$job" in
  prepare-poses|render-signwriting|pose-stats) ;;
  *)
    natives="$(find "$root/target/lib" -name "pytorch-native-cpu-*-${SWA_NATIVES:-linux-x86_64}.jar")"
    if [ -z "$natives" ]; then
      echo "error: no PyTorch natives for SWA_NATIVES='${SWA_NATIVES:-}' in $root/target/lib (see README: natives)" >&2
      exit 2
    fi
    jars="$jars"$'\n'"$natives" ;;
esac
jars="$(printf '%s\n' "$jars" | paste -sd, -)"
java_options="$(grep -v '^\s*#' "$root/conf/java17.options" | tr '\n' ' ')"
progress=lines
[ -t 2 ] && progress=bar
# The driver logs warnings only, like bin/swa, so the progress and the summary stay readable.
driver_options="$java_options -Dlog4j2.configurationFile=$root/conf/log4j2.properties -Dswa.progress=$progress"
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  submit=("$SPARK_HOME/bin/spark-submit" --driver-memory "${SWA_DRIVER_MEMORY:-2g}" --driver-java-options "$driver_options")
else
  # A distribution without its scripts (e.g. assembled from Maven artifacts): spark-submit's own last step.
  # shellcheck disable=SC2086
  submit=("$java" "-Xmx${SWA_DRIVER_MEMORY:-2g}" $driver_options -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit)
fi
# shellcheck disable=SC2086
exec "${submit[@]}" \
  --master "${SPARK_MASTER:-local[*]}" \
  --name "swa $job" \
  --class org.signwriting.animation.cli.Swa \
  --properties-file "$root/conf/spark-defaults.conf" \
  --load-spark-defaults \
  --jars "$jars" \
  ${SWA_SUBMIT_OPTIONS:-} \
  "$root/target/swa.jar" "$job" "$@"
