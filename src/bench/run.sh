#!/usr/bin/env bash
# Benchmarks ecrsweep against the alternatives on the ECR emulator, side by side in one run, with
# hyperfine. Results go to target/bench/*.md and *.json; docs/BENCHMARKS.md quotes them.
#   src/bench/run.sh [fleet|latency|apply|startup|all] [runs]
# Needs: the built jar (mvn -B -q package -DskipTests), hyperfine, python3 with moto and boto3, aws (CLI).
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
runs=${2:-3}
out=target/bench
mkdir -p "$out"

export AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
export ECRSWEEP_CACHE="$out/cds"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint=http://127.0.0.1:$port
python3 src/e2e/python/ecr_emulator.py --port "$port" > "$out/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$endpoint/_ecrsweep/ping" >/dev/null && break; sleep 0.1; done

seed="python3 src/bench/seed_fleet.py $endpoint --repos 200 --images 200"
target/ecrsweep --version >/dev/null   # makes the class-data-sharing archive once, outside the measurements

if [ "$what" = fleet ] || [ "$what" = all ]; then
  hyperfine --runs "$runs" --prepare "$seed" --export-markdown "$out/fleet.md" --export-json "$out/fleet.json" \
    -n "ecrsweep delete-untagged --all --yes" "target/ecrsweep delete-untagged --all --yes --endpoint-url $endpoint" \
    -n "boto3 script (sequential)" "python3 src/bench/boto3_delete_untagged.py $endpoint" \
    -n "AWS CLI loop" "src/bench/aws-cli-delete-untagged.sh $endpoint"
fi

if [ "$what" = apply ] || [ "$what" = all ]; then
  policy=examples/policies/expire-untagged-after-14-days.json
  hyperfine --runs "$runs" --prepare "$seed" --export-markdown "$out/apply.md" --export-json "$out/apply.json" \
    -n "ecrsweep apply-all --yes" "target/ecrsweep apply-all --policy $policy --yes --endpoint-url $endpoint" \
    -n "AWS CLI loop of put-lifecycle-policy" "src/bench/aws-cli-put-lifecycle-policy.sh $endpoint $policy"
fi

if [ "$what" = startup ] || [ "$what" = all ]; then
  python3 src/bench/seed_fleet.py "$endpoint" --repos 1 --images 200
  repo=bench/service-000
  # Java 25 beside the default Java, when installed (JAVA25_HOME): the launcher makes an AOT cache there.
  java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  extra=()
  if [ -x "$java25/bin/java" ]; then
    JAVA_HOME=$java25 target/ecrsweep --version >/dev/null
    extra=(-n "Java 25: launcher --version" "env JAVA_HOME=$java25 target/ecrsweep --version"
           -n "Java 25: java -jar --version" "$java25/bin/java -jar target/ecrsweep.jar --version"
           -n "Java 25: launcher list -r REPO" "env JAVA_HOME=$java25 target/ecrsweep list --images -r $repo --endpoint-url $endpoint"
           -n "Java 25: java -jar list -r REPO" "$java25/bin/java -jar target/ecrsweep.jar list --images -r $repo --endpoint-url $endpoint")
  fi
  hyperfine -N --warmup 2 --runs "$((runs * 5))" --export-markdown "$out/startup.md" --export-json "$out/startup.json" \
    -n "launcher --version" "target/ecrsweep --version" \
    -n "java -jar --version" "java -jar target/ecrsweep.jar --version" \
    -n "aws --version" "aws --version" \
    -n "launcher validate" "target/ecrsweep validate examples/policies/keep-newest-10-prod.json" \
    -n "java -jar validate" "java -jar target/ecrsweep.jar validate examples/policies/keep-newest-10-prod.json" \
    -n "launcher list -r REPO" "target/ecrsweep list --images -r $repo --endpoint-url $endpoint" \
    -n "java -jar list -r REPO" "java -jar target/ecrsweep.jar list --images -r $repo --endpoint-url $endpoint" \
    -n "aws ecr describe-images" "aws ecr describe-images --repository-name $repo --endpoint-url $endpoint" \
    "${extra[@]}"
fi

if [ "$what" = latency ] || [ "$what" = all ]; then
  # The same fleet with 50 ms added to every answer by a WireMock proxy, as from a CI runner to ECR: the
  # loopback emulator answers in a few ms from one Python process, which favours sequential clients.
  wiremock=$(ls ~/.m2/repository/org/wiremock/wiremock-standalone/*/wiremock-standalone-*.jar | tail -n 1)
  wport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  java -jar "$wiremock" --bind-address 127.0.0.1 --port "$wport" --no-request-journal \
    --async-response-enabled true --container-threads 64 > "$out/wiremock.log" 2>&1 &
  proxy=$!
  trap 'kill $emulator $proxy 2>/dev/null || true' EXIT
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$wport/__admin/mappings" >/dev/null && break; sleep 0.1; done
  curl -sf -X POST "http://127.0.0.1:$wport/__admin/mappings" -H 'Content-Type: application/json' \
    -d "{\"request\":{\"method\":\"ANY\",\"urlPattern\":\".*\"},\"response\":{\"proxyBaseUrl\":\"$endpoint\",\"fixedDelayMilliseconds\":50}}" >/dev/null
  slow=http://127.0.0.1:$wport
  hyperfine --runs "$runs" --prepare "$seed" --export-markdown "$out/fleet-latency.md" --export-json "$out/fleet-latency.json" \
    -n "ecrsweep delete-untagged --all --yes (50 ms per call)" "target/ecrsweep delete-untagged --all --yes --endpoint-url $slow" \
    -n "boto3 script (sequential, 50 ms per call)" "python3 src/bench/boto3_delete_untagged.py $slow"
fi
