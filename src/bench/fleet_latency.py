#!/usr/bin/env python3
"""A fleet cleanup at 0, 50 and 150 ms per call: ecrsweep against the boto3 script and the AWS CLI loop,
ecrsweep's workers from 1 to 64, and ecrsweep under throttling.

Starts the emulator of the end-to-end tests (src/e2e/python/ecr_emulator.py) once per latency, with
--latency-ms added to every call (each request waits on its own thread, as over a network), and:
  - cleanup: reseeds 200 repositories x 200 images (a third untagged) before every run and times
    `ecrsweep delete-untagged --all --yes` (the launcher), the boto3 script (src/bench/boto3_delete_untagged.py)
    and, on --cli-repos repositories only (its time scaled to the whole fleet), the AWS CLI loop
    (src/bench/aws-cli-delete-untagged.sh); the emulator counts the calls of each, per operation;
  - workers (50 and 150 ms): `delete-untagged --all --dry-run --parallel N` for N = 1 .. 64 and auto, with the
    emulator's own CPU time, to show where it, not the client, becomes the bottleneck;
  - throttling (50 ms): the cleanup with 10 % and 30 % of all ECR calls answered ThrottlingException at
    random, with 30 % of BatchDeleteImage calls only, and with every call past a fixed rate per operation (100
    per second of each; 20 per second of BatchDeleteImage) throttled, as under a real quota.
Prints Markdown tables (medians of --runs) and writes them to target/bench/fleet-latency.md.

Usage (from the repository root, after `mvn -B -q package -DskipTests`):
    python3 src/bench/fleet_latency.py [--runs 3] [--latencies 0,50,150] [--parts cleanup,workers,throttling]
"""
import argparse
import os
import statistics
import subprocess
import time

from emulator import Emulator

ENV = dict(os.environ, AWS_EC2_METADATA_DISABLED="true", AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
           AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", ECRSWEEP_CACHE="target/bench/cache")
ENV.pop("AWS_PROFILE", None)
LAUNCHER = ["target/ecrsweep"]
WORKERS = [(1, 2, 4, 8, 16, 32, 64, "auto")]


def timed(command, cpu=None):
    """Runs a command: its wall seconds and exit code; its CPU seconds (user + system) appended to cpu."""
    started = time.monotonic()
    child = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit("%s failed (%d): %s" % (" ".join(command), code, err[-2000:]))
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return elapsed, code


def describe(calls):
    return ", ".join("%s %d%s" % (op, n[0], " (%d throttled)" % n[1] if n[1] else "")
                     for op, n in sorted(calls.items()))


def cleanup(latencies, runs, repos, images, cli_repos, out, baseline):
    out.append("### Cleanup: %d repositories x %d images, a third untagged\n" % (repos, images))
    out.append("Each round reseeds the emulator before each client and runs them in turn (ecrsweep, %sthe boto3"
               " script), each round starting with the next client: medians of %d rounds, the ratio the median of"
               " each round's ratio; CPU is the client's own (user + system).\n"
               % ("the baseline build, " if baseline else "", runs))
    header = "| per call | ecrsweep | CPU |" + (" baseline | CPU | baseline / ecrsweep |" if baseline else "") + \
        " boto3 script | CPU | boto3 / ecrsweep | AWS CLI loop (scaled from %d repositories) |" % cli_repos
    out.append(header)
    out.append("|" + "---|" * (header.count("|") - 1))
    calls_lines = []
    for latency in latencies:
        emulator = Emulator(latency)
        try:
            ours, ours_cpu, base, base_cpu, theirs, theirs_cpu = [], [], [], [], [], []
            calls = {}
            clients = [("ours", [LAUNCHER[0], "delete-untagged", "--all", "--yes", "--endpoint-url",
                                 emulator.endpoint], ours, ours_cpu)]
            if baseline:
                clients.append(("base", [baseline, "delete-untagged", "--all", "--yes", "--endpoint-url",
                                         emulator.endpoint], base, base_cpu))
            clients.append(("boto3", ["python3", "src/bench/boto3_delete_untagged.py", emulator.endpoint],
                            theirs, theirs_cpu))
            for r in range(runs):
                # Each round starts with another client: whichever runs first after the others is not favoured.
                for name, command, walls, cpus in clients[r % len(clients):] + clients[:r % len(clients)]:
                    emulator.seed(repos, images)
                    walls.append(timed(command, cpus)[0])
                    calls[name] = emulator.calls()
            our_calls, their_calls = calls["ours"], calls["boto3"]
            base_calls = calls.get("base")
            cli = None
            if cli_repos:
                emulator.seed(cli_repos, images)
                cli = timed(["src/bench/aws-cli-delete-untagged.sh", emulator.endpoint])[0] * repos / cli_repos
        finally:
            emulator.stop()
        m = statistics.median
        ratio = m(t / o for t, o in zip(theirs, ours))
        row = "| %g ms | **%.2f s** | %.2f s |" % (latency, m(ours), m(ours_cpu))
        if baseline:
            row += " %.2f s | %.2f s | %.2fx |" % (m(base), m(base_cpu), m(b / o for b, o in zip(base, ours)))
        row += " %.2f s | %.2f s | %.2fx | %s |" % (m(theirs), m(theirs_cpu), ratio,
                                                  "%.0f s" % cli if cli is not None else "")
        out.append(row)
        calls_lines.append("- %g ms: ecrsweep %s; %sboto3 %s" % (
            latency, describe(our_calls), "baseline %s; " % describe(base_calls) if baseline else "",
            describe(their_calls)))
        print(out[-1], flush=True)
    out.append("")
    out.append("Calls served by the emulator (last round):")
    out.extend(calls_lines)
    out.append("")


def workers(latencies, runs, repos, images, out, baseline):
    out.append("### Workers: `delete-untagged --all --dry-run --parallel N`, %d repositories of %d images\n"
               % (repos, images))
    builds = [("ecrsweep", LAUNCHER[0])] + ([("baseline", baseline)] if baseline else [])
    out.append("| workers | " + " | ".join("%g ms: %s | emulator CPU" % (l, name)
                                           for l in latencies for name, _ in builds) + " |")
    out.append("|---|" + "---|---|" * len(latencies) * len(builds))
    results = {}
    for latency in latencies:
        emulator = Emulator(latency)
        try:
            emulator.seed(repos, images)
            for n in WORKERS[0]:
                walls = {name: [] for name, _ in builds}
                cpus = {name: [] for name, _ in builds}
                for _ in range(runs):
                    for name, launcher in builds:
                        before = emulator.cpu()
                        walls[name].append(timed([launcher, "delete-untagged", "--all", "--dry-run", "--parallel",
                                                  str(n), "--endpoint-url", emulator.endpoint])[0])
                        cpus[name].append(emulator.cpu() - before)
                for name, _ in builds:
                    results[(latency, n, name)] = (statistics.median(walls[name]), statistics.median(cpus[name]))
                    print(latency, n, name, results[(latency, n, name)], flush=True)
        finally:
            emulator.stop()
    for n in WORKERS[0]:
        out.append("| %s | " % n + " | ".join("%.2f s | %.2f s" % results[(l, n, name)]
                                             for l in latencies for name, _ in builds) + " |")
    out.append("")


def throttling(runs, repos, images, out, cases, baseline):
    out.append("### Throttling at 50 ms per call: `delete-untagged --all --yes`\n")
    builds = [("ecrsweep", LAUNCHER[0])] + ([("baseline", baseline)] if baseline else [])
    out.append("| throttled | " + " | ".join("%s | exit | calls (last run)" % name for name, _ in builds) + " |")
    out.append("|---|" + "---|---|---|" * len(builds))
    for case in cases:
        share, _, operation = case.partition(":")
        operation = operation or None
        rate = float(share[:-2]) if share.endswith("/s") else 0.0
        share = 0.0 if rate else float(share)
        emulator = Emulator(50, share, operation, rate_limit=rate)
        walls = {name: [] for name, _ in builds}
        codes = {name: [] for name, _ in builds}
        calls = {}
        try:
            for _ in range(runs):
                for name, launcher in builds:
                    emulator.seed(repos, images)
                    wall, code = timed([launcher, "delete-untagged", "--all", "--yes",
                                        "--endpoint-url", emulator.endpoint])
                    walls[name].append(wall)
                    codes[name].append(code)
                    calls[name] = emulator.calls()
        finally:
            emulator.stop()
        if rate:
            what = "past %g calls per second of %s" % (rate, operation or "each ECR operation")
        else:
            what = "none" if share == 0 else "%d %% of %s" % (share * 100, operation or "all ECR calls")
        out.append("| %s | " % what + " | ".join(
            "%.2f s | %s | %s" % (statistics.median(walls[name]), ",".join(map(str, codes[name])),
                                  describe(calls[name])) for name, _ in builds) + " |")
        print(out[-1], flush=True)
    out.append("")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--cli-repos", type=int, default=10)
    parser.add_argument("--latencies", default="0,50,150")
    parser.add_argument("--parts", default="cleanup,workers,throttling")
    parser.add_argument("--launcher", default="target/ecrsweep", help="another build's launcher, to measure")
    parser.add_argument("--baseline", help="a second build's launcher, run in the same rounds of the cleanup")
    parser.add_argument("--workers", default="1,2,4,8,16,32,64,auto", help="the --parallel values of the workers table")
    parser.add_argument("--throttles", default="0,0.1,0.3,0.3:BatchDeleteImage,100/s,20/s:BatchDeleteImage",
                        help="shares of throttled calls at random (SHARE) or a fixed rate per operation past which"
                             " calls are throttled (RATE/s), each optionally of one operation only (...:OPERATION)")
    parser.add_argument("--out", default="target/bench/fleet-latency.md")
    args = parser.parse_args()
    LAUNCHER[0] = args.launcher
    WORKERS[0] = tuple(args.workers.split(","))
    latencies = [float(x) for x in args.latencies.split(",")]
    parts = args.parts.split(",")
    subprocess.run([LAUNCHER[0], "--version"], env=ENV, check=True, stdout=subprocess.DEVNULL)
    out = []
    if "cleanup" in parts:
        cleanup(latencies, args.runs, args.repos, args.images, args.cli_repos, out, args.baseline)
    if "workers" in parts:
        workers([l for l in latencies if l > 0] or [50.0], args.runs, args.repos, args.images, out, args.baseline)
    if "throttling" in parts:
        throttling(args.runs, args.repos, args.images, out, args.throttles.split(","), args.baseline)
    text = "\n".join(out) + "\n"
    os.makedirs("target/bench", exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
