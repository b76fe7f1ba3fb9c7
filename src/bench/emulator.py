"""The emulator of the end-to-end tests (src/e2e/python/ecr_emulator.py), started for a benchmark: on a free
port of 127.0.0.1, its request log drained so that a full pipe never stalls it, stopped when done.

    with Emulator(latency_ms=50) as emulator:
        ... emulator.endpoint ...
"""
import json
import os
import socket
import subprocess
import threading
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    def __init__(self, latency_ms=0, throttle=0.0, operation=None, port=0, rate_limit=0.0):
        self.port = port or free_port()
        command = ["python3", "src/e2e/python/ecr_emulator.py", "--port", str(self.port)]
        if latency_ms:
            command += ["--latency-ms", str(latency_ms)]
        if throttle:
            command += ["--throttle", str(throttle)]
        if rate_limit:
            command += ["--rate-limit", str(rate_limit)]
        if operation:
            command += ["--throttle-operation", operation]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.process.stdout.readline()
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()
        self.endpoint = "http://127.0.0.1:%d" % self.port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def seed(self, repos, images):
        """Resets the emulator and seeds the benchmark fleet (src/bench/seed_fleet.py); forgets the calls."""
        subprocess.run(["python3", "src/bench/seed_fleet.py", self.endpoint, "--repos", str(repos),
                        "--images", str(images)], check=True)
        self.calls()

    def calls(self):
        """The ECR calls served since the last read, per operation: [answered or throttled, throttled]."""
        with urllib.request.urlopen(self.endpoint + "/_ecrsweep/calls") as r:
            return json.loads(r.read())

    def cpu(self):
        """The emulator's CPU seconds so far (user + system)."""
        with open("/proc/%d/stat" % self.process.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        self.process.wait()
