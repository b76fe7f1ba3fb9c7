#!/usr/bin/env python3
"""A 500-repository x 200-image registry (100,000 images): exported by ecrsweep and by a boto3 script, then
planned from the export.

Starts the emulator of the end-to-end tests (src/e2e/python/ecr_emulator.py), seeds it once, and times, with
their peak memory (medians of --runs):
  - `ecrsweep list --images --all -o json` (the launcher): the export --snapshot reads;
  - src/bench/boto3_export.py: describe-repositories, then describe-images of every repository, one JSON file;
  - `ecrsweep delete-untagged --all --snapshot EXPORT --dry-run -o json`: a plan of the whole export.
Prints a Markdown table and writes it to target/bench/export.md.

Usage (from the repository root, after `mvn -B -q package -DskipTests`):
    python3 src/bench/export_fleet.py [--runs 3] [--repos 500] [--images 200]
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


def measured(command, out_path):
    """Wall seconds and peak RSS (MB) of one run, through /usr/bin/time."""
    started = time.monotonic()
    with open(out_path, "w") as out:
        done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, env=ENV, stdout=out,
                              stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit("%s failed: %s" % (" ".join(command), done.stderr[-2000:]))
    return wall, int(done.stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repos", type=int, default=500)
    parser.add_argument("--images", type=int, default=200)
    args = parser.parse_args()
    emulator = Emulator()
    endpoint = emulator.endpoint
    os.makedirs("target/bench", exist_ok=True)
    export = "target/bench/export-%dx%d.json" % (args.repos, args.images)
    try:
        emulator.seed(args.repos, args.images)
        subprocess.run(["target/ecrsweep", "--version"], env=ENV, check=True, stdout=subprocess.DEVNULL)
        ways = [
            ("`ecrsweep list --images --all -o json`",
             ["target/ecrsweep", "list", "--images", "--all", "-o", "json", "--endpoint-url", endpoint], export),
            ("boto3 script: describe-images of every repository",
             ["python3", "src/bench/boto3_export.py", endpoint], "target/bench/export-boto3.json"),
            ("`ecrsweep delete-untagged --all --snapshot EXPORT --dry-run -o json`",
             ["target/ecrsweep", "delete-untagged", "--all", "--snapshot", export, "--dry-run", "-o", "json"],
             "/dev/null"),
        ]
        rows = []
        for name, command, out in ways:
            results = [measured(command, out) for _ in range(args.runs)]
            rows.append("| %s | %.2f s | %.0f MB |" % (name, statistics.median(r[0] for r in results),
                                                       statistics.median(r[1] for r in results)))
            print(rows[-1], flush=True)
    finally:
        emulator.stop()
    size = os.path.getsize(export) / 1e6
    text = "\n".join(["### %d repositories x %d images (export: %.0f MB)\n" % (args.repos, args.images, size),
                      "| command | median wall | peak RSS |", "|---|---|---|"] + rows) + "\n"
    with open("target/bench/export.md", "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
