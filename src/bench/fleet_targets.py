#!/usr/bin/env python3
"""A fleet of targets on the emulator: one process over every target, N sharded processes, and the AWS CLI loop.

Starts src/e2e/python/ecr_emulator.py on 127.0.0.1 and seeds 3 accounts x 2 regions x 300 repositories, each
with a tagged image and two untagged images a month old. Then, three times each, the median wall time of:
  - one process: `ecrsweep delete-untagged --all --older-than 7d --dry-run` over the six targets (a role
    assumed in each account, four targets at a time), with --stats for the calls of each target;
  - N processes at once, each with --shard I/N of the same run (N = 2 and 4), until the last one ends;
and once, the AWS CLI loop that lists the untagged images of every repository of one target (assume the
role, describe-repositories, then list-images per repository), whose time is multiplied by the six targets.

Each process runs under /usr/bin/time, for its peak resident memory.

Usage (from the repository root, after `mvn -B -q package -DskipTests`):
    python3 src/bench/fleet_targets.py [--jar target/ecrsweep.jar] [--repositories 300]
    python3 src/bench/fleet_targets.py --accounts 100 --regions us-east-1,eu-west-1,eu-central-1,ap-south-1 \
        --repositories 25 --shards 4 --runs 1 --no-cli        # the 400-target fleet
"""
import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import time
import urllib.request

from emulator import Emulator

ACCOUNTS = ["111111111111", "222222222222", "333333333333"]
REGIONS = ["us-east-1", "eu-west-1"]
NOW = time.time()
RUNS = 3


def main():
    global ACCOUNTS, REGIONS, RUNS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", default="target/ecrsweep.jar")
    parser.add_argument("--repositories", type=int, default=300)
    parser.add_argument("--accounts", type=int, default=3, help="how many accounts (ids 1111..., 2222..., then numbered)")
    parser.add_argument("--regions", default=",".join(REGIONS))
    parser.add_argument("--shards", default="2,4", help="the shard counts to run, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-cli", action="store_true", help="leave out the AWS CLI loop")
    args = parser.parse_args()
    if args.accounts != 3:
        ACCOUNTS = ["%012d" % (100000000000 + i) for i in range(args.accounts)]
    REGIONS = args.regions.split(",")
    RUNS = args.runs
    emulator = Emulator()
    try:
        endpoint = emulator.endpoint
        began = time.monotonic()
        seed(endpoint, args.repositories)
        print("seeded in %.0f s" % (time.monotonic() - began))
        run(endpoint, args.jar, args.repositories, [int(n) for n in args.shards.split(",") if n], not args.no_cli)
    finally:
        emulator.stop()


def manifest(name):
    return json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                       "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                                  "digest": "sha256:" + hashlib.sha256(("c" + name).encode()).hexdigest()},
                       "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1,
                                   "digest": "sha256:" + hashlib.sha256(("l" + name).encode()).hexdigest()}]})


def seed(endpoint, repositories):
    for account in ACCOUNTS:
        for region in REGIONS:
            repos = []
            for i in range(repositories):
                name = "team-%d/service-%03d" % (i % 10, i)
                key = "%s-%s-%d" % (account, region, i)
                repos.append({"name": name, "images": [
                    {"manifest": manifest(key + "-v1"), "tags": ["v1"], "pushedAt": NOW - 40 * 86400, "size": 10000000},
                    {"manifest": manifest(key + "-a"), "tags": [], "pushedAt": NOW - 30 * 86400, "size": 10000000},
                    {"manifest": manifest(key + "-b"), "tags": [], "pushedAt": NOW - 31 * 86400, "size": 10000000},
                ]})
            body = json.dumps({"account": account, "region": region, "repositories": repos}).encode()
            request = urllib.request.Request(endpoint + "/_ecrsweep/seed", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request).read()


def environment(endpoint):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_ENDPOINT_URL=endpoint, AWS_EC2_METADATA_DISABLED="true", AWS_DEFAULT_REGION="us-east-1")
    env.pop("AWS_PROFILE", None)
    return env


def ecrsweep(jar, endpoint, extra):
    command = ["/usr/bin/time", "-f", "peak-rss-kb %M", "java", "-jar", jar, "delete-untagged", "--all", "--older-than", "7d", "--dry-run", "-o", "json",
               "--role-name", "ecrsweep", "--account", ",".join(ACCOUNTS), "--stats"]
    for region in REGIONS:
        command += ["--region", region]
    return subprocess.Popen(command + extra, env=environment(endpoint), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def timed(start):
    began = time.monotonic()
    processes = start()
    outputs = [p.communicate() for p in processes]
    for p, (out, err) in zip(processes, outputs):
        if p.returncode not in (0, 4):
            raise SystemExit("ecrsweep failed (%d): %s" % (p.returncode, err))
    return time.monotonic() - began, outputs


def peak_mb(outputs):
    """The largest peak resident memory of the processes, in MiB, from /usr/bin/time's last line."""
    peaks = [int(m.group(1)) for _, err in outputs for m in [re.search(r"peak-rss-kb (\d+)", err)] if m]
    return max(peaks) / 1024 if peaks else float("nan")


def run(endpoint, jar, repositories, shard_counts, with_cli):
    rows = []
    calls = None
    deletions = None
    targets = len(ACCOUNTS) * len(REGIONS)
    ways = [("one process, %d targets" % targets, 1)] + [("%d shards at once" % n, n) for n in shard_counts]
    for label, shards in ways:
        times = []
        memory = []
        for _ in range(RUNS):
            if shards == 1:
                seconds, outputs = timed(lambda: [ecrsweep(jar, endpoint, [])])
            else:
                seconds, outputs = timed(lambda: [ecrsweep(jar, endpoint, ["--shard", "%d/%d" % (i, shards)])
                                                  for i in range(shards)])
            times.append(seconds)
            memory.append(peak_mb(outputs))
            planned = sum(json.loads(out)["summary"]["totals"]["delete"] for out, _ in outputs)
            if deletions is None:
                deletions = planned
            elif planned != deletions:
                raise SystemExit("%s planned %d deletions, not %d" % (label, planned, deletions))
            if shards == 1:
                calls = [line for line in outputs[0][1].splitlines() if "AWS calls:" in line]
        rows.append((label, statistics.median(times), statistics.median(memory)))
    print("fleet: %d accounts x %d regions x %d repositories, 3 images each; %d deletions planned"
          % (len(ACCOUNTS), len(REGIONS), repositories, deletions))
    for label, seconds, mb in rows:
        print("%-28s median %6.1f s   (%.2fx one process), peak memory %4.0f MiB per process"
              % (label, seconds, seconds / rows[0][1], mb))
    if with_cli:
        cli = cli_loop(endpoint, ACCOUNTS[0], REGIONS[0])
        print("%-28s %6.1f s for one target, %.1f s for the %d (%.1fx one process)"
              % ("AWS CLI loop", cli, cli * targets, targets, cli * targets / rows[0][1]))
    per_call = {}
    for line in calls:
        for part in line.split("AWS calls:", 1)[-1].split(" (", 1)[0].split(","):
            op, _, n = part.strip().rpartition(" ")
            if n.isdigit():
                per_call[op] = per_call.get(op, 0) + int(n)
    print("calls, all targets (one process): %s" % ", ".join("%s %d" % kv for kv in sorted(per_call.items())))
    print("calls per target (one process), the first three:")
    for line in calls[:3]:
        print("  " + re.sub(r" in [0-9.]+ s$", "", line.replace("ecrsweep: ", "")))


def cli_loop(endpoint, account, region):
    env = environment(endpoint)
    env["AWS_DEFAULT_REGION"] = region
    began = time.monotonic()
    creds = json.loads(subprocess.check_output(
        ["aws", "sts", "assume-role", "--role-arn", "arn:aws:iam::%s:role/ecrsweep" % account,
         "--role-session-name", "loop", "--query", "Credentials", "--output", "json"], env=env, text=True))
    env.update(AWS_ACCESS_KEY_ID=creds["AccessKeyId"], AWS_SECRET_ACCESS_KEY=creds["SecretAccessKey"],
               AWS_SESSION_TOKEN=creds["SessionToken"])
    names = subprocess.check_output(
        ["aws", "ecr", "describe-repositories", "--query", "repositories[].repositoryName", "--output", "text"],
        env=env, text=True).split()
    for name in names:
        subprocess.check_output(["aws", "ecr", "list-images", "--repository-name", name, "--filter",
                                 "tagStatus=UNTAGGED", "--query", "imageIds[].imageDigest", "--output", "text"],
                                env=env, text=True)
    return time.monotonic() - began


if __name__ == "__main__":
    main()
