#!/usr/bin/env python3
"""The cost of an in-use scan (ECS and Lambda) as workloads grow, on the emulator of the end-to-end tests.

Starts src/e2e/python/ecr_emulator.py on 127.0.0.1, grows clusters, services (each with a running task
and a task definition) and image functions (with published versions and an alias) in steps, and after
each step runs `ecrsweep scan-in-use --in-use ecs,lambda --stats` three times: the median wall time, and
the calls of each source as --stats prints them.

Usage (from the repository root, after `mvn -B -q package -DskipTests`):
    python3 src/bench/in_use_scan.py [--jar target/ecrsweep.jar] [--port 5997]
"""
import argparse
import json
import os
import statistics
import subprocess
import time
import urllib.request

import boto3

from emulator import Emulator

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", default="target/ecrsweep.jar")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    emulator = Emulator(port=args.port)
    try:
        endpoint = emulator.endpoint
        Fleet(endpoint).run(args.jar)
    finally:
        emulator.stop()


class Fleet:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        self.ecr = boto3.client("ecr", **kw)
        self.ecs = boto3.client("ecs", **kw)
        self.lam = boto3.client("lambda", **kw)
        request = urllib.request.Request(endpoint + "/_ecrsweep/lambda-role", data=b"{}", method="POST")
        self.role = json.loads(urllib.request.urlopen(request).read())["arn"]
        self.ecr.create_repository(repositoryName="app")
        self.images = 0
        self.clusters = 0
        self.services = 0
        self.functions = 0
        self.versions = 0

    def push(self):
        self.images += 1
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                               "config": {"digest": "sha256:%064x" % self.images, "size": 1,
                                          "mediaType": "application/vnd.docker.container.image.v1+json"},
                               "layers": []})
        self.ecr.put_image(repositoryName="app", imageManifest=manifest, imageTag="t%d" % self.images)
        return "%s/app:t%d" % (HOST, self.images)

    def grow(self, clusters, services, functions, versions):
        for _ in range(clusters):
            self.clusters += 1
            cluster = "c%d" % self.clusters
            self.ecs.create_cluster(clusterName=cluster)
            for s in range(services):
                self.services += 1
                family = "f%d-%d" % (self.clusters, s)
                self.ecs.register_task_definition(family=family, containerDefinitions=[
                    {"name": "x", "image": self.push(), "memory": 128}])
                self.ecs.create_service(cluster=cluster, serviceName="s%d" % s, taskDefinition=family, desiredCount=0)
                self.ecs.run_task(cluster=cluster, taskDefinition=family, launchType="FARGATE", group="service:s%d" % s,
                                  networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}})
        for _ in range(functions):
            self.functions += 1
            name = "fn%d" % self.functions
            self.lam.create_function(FunctionName=name, Role=self.role, PackageType="Image", Code={"ImageUri": self.push()})
            for _ in range(versions):
                self.versions += 1
                self.lam.update_function_code(FunctionName=name, ImageUri=self.push())
                self.lam.publish_version(FunctionName=name)
            self.lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1" if versions else "$LATEST")

    def scan(self, jar):
        env = dict(os.environ, AWS_ENDPOINT_URL=self.endpoint, AWS_REGION="us-east-1", AWS_ACCESS_KEY_ID="test",
                   AWS_SECRET_ACCESS_KEY="test", AWS_EC2_METADATA_DISABLED="true")
        times, result = [], None
        for _ in range(3):
            started = time.monotonic()
            result = subprocess.run(["java", "-jar", jar, "scan-in-use", "--in-use", "ecs,lambda", "--stats", "-o", "json"],
                                    env=env, capture_output=True, text=True)
            times.append(time.monotonic() - started)
            if result.returncode:
                raise SystemExit("scan failed: " + result.stderr)
        print("| %d | %d | %d | %d | %.2f s |" % (self.clusters, self.services, self.functions, self.versions,
                                                  statistics.median(times)))
        for line in result.stderr.splitlines():
            if line.startswith("In-use source"):
                print("|  |  |  |  | " + line + " |")

    def run(self, jar):
        print("| clusters | services (1 task each) | image functions | published versions | median wall |")
        print("|---|---|---|---|---|")
        for step in ((1, 2, 2, 1), (3, 2, 0, 0), (0, 0, 6, 2), (4, 10, 0, 0)):
            self.grow(*step)
            self.scan(jar)


if __name__ == "__main__":
    main()
