#!/usr/bin/env bash
# spark-submit of `swa prepare-embeddings`; see jobs/spark-submit.sh for SPARK_HOME, SPARK_MASTER and SWA_SUBMIT_OPTIONS,
# and `bin/swa prepare-embeddings --help` for the job's options. The executors need the embedding model: a path they
# all can read, or a TorchScript file shipped with SWA_SUBMIT_OPTIONS="--files encoder.pt".
exec "$(dirname "${BASH_SOURCE[0]}")/spark-submit.sh" prepare-embeddings "$@"
