#!/usr/bin/env python3
"""Times whole commands side by side, interleaved (A B C A B C ...), so that a drift in the machine's speed
falls on every command alike; prints a Markdown table of medians with the paired ratio of each command to the
first (the median of the per-round ratios, not the ratio of medians), and each command's peak memory.

Usage (from the repository root):
    python3 src/bench/ab.py [--runs 20] [--warmup 2] [--prepare COMMAND] [--out FILE] 'LABEL::COMMAND' ...

--prepare runs a command (untimed) before every run of every command: a reseed, say.

Each COMMAND is split as a shell splits words and run without a shell, its output discarded; the exit codes
each command ended with are shown beside its times (a run that fails is timed too: how long it took to fail).
Needs only Python 3.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import time


def run(argv):
    """One run: wall seconds, peak resident memory in MB of the command's process, and its exit code."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, child.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--out", help="also write the table to this file")
    parser.add_argument("--prepare", help="a command run, untimed, before every run")
    parser.add_argument("commands", nargs="+", metavar="LABEL::COMMAND")
    args = parser.parse_args()
    commands = []
    for spec in args.commands:
        label, sep, command = spec.partition("::")
        if not sep:
            label, command = spec, spec
        commands.append((label, shlex.split(command)))
    prepare = shlex.split(args.prepare) if args.prepare else None

    def measured(argv):
        if prepare:
            subprocess.run(prepare, check=True, stdout=subprocess.DEVNULL)
        return run(argv)

    for _ in range(args.warmup):
        for _, argv in commands:
            measured(argv)
    walls = [[] for _ in commands]
    peaks = [[] for _ in commands]
    codes = [set() for _ in commands]
    for _ in range(args.runs):
        for i, (_, argv) in enumerate(commands):
            wall, peak, code = measured(argv)
            walls[i].append(wall)
            peaks[i].append(peak)
            codes[i].add(code)
    lines = ["| command | median | min – max | vs first (paired median) | peak memory | exit |",
             "|---|---|---|---|---|---|"]
    for i, (label, _) in enumerate(commands):
        ratio = statistics.median(w / f for w, f in zip(walls[i], walls[0]))
        lines.append("| %s | %.3f s | %.3f – %.3f s | %s | %.0f MB | %s |" % (
            label, statistics.median(walls[i]), min(walls[i]), max(walls[i]),
            "1" if i == 0 else "%.3f" % ratio, statistics.median(peaks[i]), ", ".join(map(str, sorted(codes[i])))))
    text = "\n".join(lines) + "\n\n%d interleaved runs of each after %d warm-up rounds.\n" % (args.runs, args.warmup)
    print(text)
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
