#!/usr/bin/env bash
# The alternative for applying one lifecycle policy to every repository: an AWS CLI loop.
set -euo pipefail
endpoint=$1
policy=$2
repos=$(aws ecr describe-repositories --endpoint-url "$endpoint" --query 'repositories[].repositoryName' --output text)
for repo in $repos; do
  aws ecr put-lifecycle-policy --endpoint-url "$endpoint" --repository-name "$repo" \
    --lifecycle-policy-text "file://$policy" >/dev/null
done
