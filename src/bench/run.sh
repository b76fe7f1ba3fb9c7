#!/usr/bin/env bash
# Benchmarks ecrsweep against the alternatives on the ECR emulator, side by side in one run, interleaved
# (A B A B ...), with medians and paired ratios. Results go to target/bench/*.md; docs/BENCHMARKS.md quotes them.
#   src/bench/run.sh [startup|snapshot|fleet|apply|all] [runs] [BASELINE_LAUNCHER]
# BASELINE_LAUNCHER: another build's target/ecrsweep, measured in the same rounds (the "before" columns).
# Needs: the built jar (mvn -B -q package -DskipTests), python3 with moto and boto3, aws (CLI v1), curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
runs=${2:-5}
baseline=${3:-}
out=target/bench
mkdir -p "$out"

export AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
export ECRSWEEP_CACHE="$PWD/$out/cache"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint=http://127.0.0.1:$port
python3 src/e2e/python/ecr_emulator.py --port "$port" > "$out/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$endpoint/_ecrsweep/ping" >/dev/null && break; sleep 0.1; done

# The start-up caches are made once, outside the measurements.
target/ecrsweep --version >/dev/null 2>&1
if [ -n "$baseline" ]; then "$baseline" --version >/dev/null 2>&1; fi
java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -x "$java25/bin/java" ]; then JAVA_HOME=$java25 target/ecrsweep --version >/dev/null 2>&1; fi

if [ "$what" = startup ] || [ "$what" = all ]; then
  python3 src/bench/seed_fleet.py "$endpoint" --repos 1 --images 200
  list="list --images -r bench/service-000 --endpoint-url $endpoint"
  extra=()
  if [ -n "$baseline" ]; then
    extra+=("before: launcher --version::$baseline --version" "before: launcher list -r REPO::$baseline $list")
  fi
  if [ -x "$java25/bin/java" ]; then
    extra+=("Java 25: launcher list -r REPO::env JAVA_HOME=$java25 target/ecrsweep $list")
  fi
  python3 src/bench/ab.py --runs "$((runs * 4))" --warmup 2 --out "$out/startup.md" \
    "launcher --version::target/ecrsweep --version" \
    "java -jar --version::java -jar target/ecrsweep.jar --version" \
    "aws --version::aws --version" \
    "launcher list -r REPO::target/ecrsweep $list" \
    "java -jar list -r REPO::java -jar target/ecrsweep.jar $list" \
    "aws ecr describe-images::aws ecr describe-images --repository-name bench/service-000 --endpoint-url $endpoint" \
    "${extra[@]}"
fi

if [ "$what" = snapshot ] || [ "$what" = all ]; then
  [ -f "$out/big.json" ] || python3 src/bench/big_snapshot.py "$out/big.json"
  [ -f "$out/million.json" ] || python3 src/bench/big_snapshot.py --repositories 10 "$out/million.json"
  plan="put-policy -r big --policy examples/policies/aws-06-multiple-rules-b.json --snapshot $out/big.json --dry-run -o json"
  million="apply-all --policy examples/policies/aws-06-multiple-rules-b.json --snapshot $out/million.json --dry-run -o json"
  extra=()
  if [ -n "$baseline" ]; then extra+=("before: launcher, 100,000-image plan::$baseline $plan"); fi
  python3 src/bench/ab.py --runs "$runs" --warmup 1 --out "$out/snapshot.md" \
    "launcher, 100,000-image plan::target/ecrsweep $plan" \
    "java -jar, 100,000-image plan::java -jar target/ecrsweep.jar $plan" \
    "launcher --version::target/ecrsweep --version" \
    "python3 src/bench/json_floor.py (load + dump)::python3 src/bench/json_floor.py $out/big.json" \
    "${extra[@]}"
  extra=()
  if [ -n "$baseline" ]; then extra+=("before: 1,000,000-image plan, 512 MiB heap::env ECRSWEEP_JAVA_OPTS=-Xmx512m $baseline $million"); fi
  python3 src/bench/ab.py --runs 1 --warmup 0 --out "$out/million.md" \
    "launcher, 1,000,000-image plan, 512 MiB heap::env ECRSWEEP_JAVA_OPTS=-Xmx512m target/ecrsweep $million" \
    "launcher, 1,000,000-image plan::target/ecrsweep $million" \
    "${extra[@]}"
fi

if [ "$what" = fleet ] || [ "$what" = all ]; then
  python3 src/bench/fleet_latency.py --runs "$runs" --parts cleanup,throttling --latencies 0,50,150 \
    ${baseline:+--baseline "$baseline"} --out "$out/fleet-latency.md"
  python3 src/bench/fleet_latency.py --runs 1 --parts workers --latencies 50 --repos 1000 --images 10 \
    --workers 16,64,auto ${baseline:+--baseline "$baseline"} --out "$out/workers.md"
fi

if [ "$what" = apply ] || [ "$what" = all ]; then
  policy=examples/policies/expire-untagged-after-14-days.json
  python3 src/bench/ab.py --runs "$runs" --warmup 0 --out "$out/apply.md" \
    --prepare "python3 src/bench/seed_fleet.py $endpoint --repos 200 --images 200" \
    "ecrsweep apply-all --yes::target/ecrsweep apply-all --policy $policy --yes --endpoint-url $endpoint" \
    "AWS CLI loop of put-lifecycle-policy::src/bench/aws-cli-put-lifecycle-policy.sh $endpoint $policy"
fi
