#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.worker.resource.gpu.discoveryScript, or
# spark.driver.resource.gpu.discoveryScript in local mode): prints the GPUs of this machine as Spark expects,
#   {"name": "gpu", "addresses": ["0", "1"]}
# Addresses are CUDA device numbers (nvidia-smi's index), the numbers the training task opens (Device.gpu(n)).
# SWA_GPU_ADDRESSES="0,1" reports those instead of asking nvidia-smi (a machine without it, a test).
set -euo pipefail
if [ -n "${SWA_GPU_ADDRESSES+set}" ]; then
  addresses="$SWA_GPU_ADDRESSES"
else
  addresses="$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, -)"
fi
quoted="$(printf '%s' "$addresses" | sed -E 's/[^,]+/"&"/g; s/,/, /g')"
printf '{"name": "gpu", "addresses": [%s]}\n' "$quoted"
