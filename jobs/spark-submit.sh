#!/usr/bin/env bash
# Submits a swa Spark job to a cluster: jobs/spark-submit.sh JOB [JOB OPTIONS...]
#
#   SPARK_HOME          a Spark 4.1 distribution for Scala 2.13 (required)
#   SPARK_MASTER        where to run: spark://HOST:PORT, yarn, k8s://https://HOST:PORT, local[N] (default: local[*])
#   SWA_SUBMIT_OPTIONS  more spark-submit options, e.g. "--deploy-mode cluster --conf spark.executor.memory=4g"
#   SWA_DRIVER_MEMORY   driver heap (default: the cluster's spark.driver.memory, else 2g)
#   SWA_NATIVES         PyTorch natives shipped to the executors of DJL jobs: the platform of the cluster's machines
#                       (linux-x86_64, the default; linux-aarch64)
#
# The application jar (target/swa.jar) and its dependencies (target/lib, shipped with --jars) come from
# `mvn -DskipTests package`; Spark itself comes from the cluster. Settings, highest priority first: the job's
# --conf options, SWA_SUBMIT_OPTIONS' --conf, conf/spark-defaults.conf of this project (the pipeline's settings),
# then the cluster's own spark-defaults.conf (--load-spark-defaults), whose other settings (event log, YARN queue,
# Kubernetes image...) apply as they do to any job. The JVM flags of conf/java17.options go to a client-mode driver
# through SPARK_SUBMIT_OPTS, which spark-submit puts before spark.driver.extraJavaOptions (so whatever the cluster or
# the user set there still applies; --driver-java-options would replace it), and the driver appends them to the
# executors' spark.executor.extraJavaOptions, after whatever the cluster or the user set there. A cluster-mode
# driver gets the module flags Spark itself adds on Java 17.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ] || [ "$1" = --help ] || [ "$1" = -h ]; then
  echo "usage: $0 JOB [JOB OPTIONS...]   (JOB: prepare-poses, render-signwriting, pose-stats, prepare-embeddings, train;" >&2
  echo "       JOB --help shows the settings from the environment and the job's options)" >&2
  exit 2
fi
job="$1"
shift
for arg in "$@"; do
  if [ "$arg" = --help ] || [ "$arg" = -h ]; then
    # This script's settings (its opening comment), then the job's own options.
    sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'
    echo
    exec "$root/bin/swa" "$job" --help
  fi
done
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
java_options="$(grep -v '^[[:space:]]*#' "$root/conf/java17.options" | tr '\n' ' ')"
progress=lines
[ -t 2 ] && progress=bar
# The driver logs warnings only, like bin/swa, so the progress and the summary stay readable.
driver_options="$java_options -Dlog4j2.configurationFile=$root/conf/log4j2.properties -Dswa.progress=$progress"
# --driver-memory on the command line would override the cluster's spark.driver.memory: given only when asked for,
# or when the cluster's defaults have none.
driver_memory="${SWA_DRIVER_MEMORY:-}"
cluster_defaults="${SPARK_CONF_DIR:-$SPARK_HOME/conf}/spark-defaults.conf"
if [ -z "$driver_memory" ] \
    && ! grep -Eqs '^[[:space:]]*spark\.driver\.memory([[:space:]=:]|$)' "$cluster_defaults"; then
  driver_memory=2g
fi
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:+$SPARK_SUBMIT_OPTS }$driver_options"
  submit=("$SPARK_HOME/bin/spark-submit")
  [ -n "$driver_memory" ] && submit+=(--driver-memory "$driver_memory")
else
  # A distribution without its scripts (e.g. assembled from Maven artifacts): spark-submit's own last step, in
  # this JVM (the driver in client mode).
  read -r -a driver_flags <<< "$driver_options"
  submit=("$java" "-Xmx${driver_memory:-2g}" "${driver_flags[@]}" -cp "$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.SparkSubmit)
fi
# SWA_SUBMIT_OPTIONS is split into words on purpose: it holds several options.
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
