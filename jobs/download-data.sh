#!/usr/bin/env bash
# Downloads the transcription corpus (sign/data's data.csv and its pose archive) for users with internet:
#   jobs/download-data.sh --output corpus/        (or set SIGNWRITING_TRANSCRIPTION_CSV_PATH and POSE_SEQUENCES_FOLDER)
# Resumable and verified; see `bin/swa download-data --help`. It runs on this machine (no Spark): put the result
# where the cluster reads it (e.g. hdfs dfs -put corpus/ /corpus) before the jobs/ scripts prepare it.
exec "$(dirname "${BASH_SOURCE[0]}")/../bin/swa" download-data "$@"
