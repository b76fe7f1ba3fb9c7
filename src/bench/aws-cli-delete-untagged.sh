#!/usr/bin/env bash
# The alternative users write in a CI step: an AWS CLI loop that deletes every untagged image of every
# repository, correctly paginated (the CLI pages for us) and in chunks of 100 ids per call.
set -euo pipefail
endpoint=$1
repos=$(aws ecr describe-repositories --endpoint-url "$endpoint" --query 'repositories[].repositoryName' --output text)
for repo in $repos; do
  digests=$(aws ecr describe-images --endpoint-url "$endpoint" --repository-name "$repo" \
    --filter tagStatus=UNTAGGED --query 'imageDetails[].imageDigest' --output text)
  [ -z "$digests" ] && continue
  set -- $digests
  while [ $# -gt 0 ]; do
    ids=""
    for _ in $(seq 1 100); do
      [ $# -eq 0 ] && break
      ids="$ids imageDigest=$1"
      shift
    done
    aws ecr batch-delete-image --endpoint-url "$endpoint" --repository-name "$repo" --image-ids $ids >/dev/null
  done
done
