#!/usr/bin/env bash
# spark-submit of `swa train` on the cluster's executors: jobs/train.sh --workers N [--sync-every K] TRAIN OPTIONS...
# See jobs/spark-submit.sh for SPARK_HOME, SPARK_MASTER, SWA_SUBMIT_OPTIONS and SWA_DRIVER_MEMORY, and
# `bin/swa train --help` for the options. The driver coordinates the workers and writes the model folder: it needs
# the model's state a few times over (SWA_DRIVER_MEMORY=1g is ample for the default model) but never the data. The
# executors must read the --poses and --embedding-data tables (a path they all see: HDFS, S3, a shared disk); a cluster
# needs one task slot per worker (one core, or one GPU with conf/spark-defaults-gpu.conf) for the whole run.
exec "$(dirname "${BASH_SOURCE[0]}")/spark-submit.sh" train "$@"
