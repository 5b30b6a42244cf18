#!/usr/bin/env bash
# spark-submit of `swa render-signwriting`; see jobs/spark-submit.sh for SPARK_HOME, SPARK_MASTER and SWA_SUBMIT_OPTIONS,
# and `bin/swa render-signwriting --help` for the job's options.
exec "$(dirname "${BASH_SOURCE[0]}")/spark-submit.sh" render-signwriting "$@"
