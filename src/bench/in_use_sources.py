#!/usr/bin/env python3
"""The cost of an in-use scan of what could run: one account at the size of a busy platform team's.

Starts src/e2e/python/ecr_emulator.py on 127.0.0.1 and seeds one account: 50 clusters with 1,000 services
(20 a cluster, each on a task definition family of its own and one running task per cluster), 20,000 task
definition revisions (20 per family, as a pipeline registers one per deployment), 300 schedules (200
EventBridge Scheduler schedules and 100 EventBridge rules that run tasks), 200 CloudFormation stacks (each a
task definition with an image built by Fn::Sub over a parameter) and a 5,000-pod Kubernetes list. Then, three
times each, the median wall time of `ecrsweep scan-in-use` per source (`--stats` prints each source's calls),
with ECS at the default --keep-task-definitions 5, and once with `all`, today's older behaviour.

Usage (from the repository root, after `mvn -B -q package -DskipTests`):
    python3 src/bench/in_use_sources.py [--jar target/ecrsweep.jar] [--runs 3]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import boto3

from emulator import Emulator

ACCOUNT = "123456789012"
REGION = "us-east-1"
HOST = "%s.dkr.ecr.%s.amazonaws.com" % (ACCOUNT, REGION)
CLUSTERS, SERVICES, REVISIONS, SCHEDULES, RULES, STACKS, PODS = 50, 1000, 20, 200, 100, 200, 5000

TEMPLATE = """Parameters:
  Tag:
    Type: String
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: stack-%d
      ContainerDefinitions:
        - Name: app
          Memory: 128
          Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/stacks/app:${Tag}"
"""


def clients(endpoint):
    kw = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    return {name: boto3.client(name, **kw) for name in ("ecs", "events", "scheduler", "cloudformation")}


def seed(endpoint, pods_file):
    c = clients(endpoint)
    ecs = c["ecs"]
    per_cluster = SERVICES // CLUSTERS
    families = ["svc-%04d" % s for s in range(SERVICES)]

    def register(family):
        for r in range(REVISIONS):
            ecs.register_task_definition(family=family, containerDefinitions=[
                {"name": "app", "image": "%s/apps/%s:r%d" % (HOST, family, r), "memory": 128}])

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(register, families))
    for k in range(CLUSTERS):
        cluster = "cluster-%02d" % k
        ecs.create_cluster(clusterName=cluster)
        ecs.run_task(cluster=cluster, taskDefinition=families[k * per_cluster], launchType="FARGATE",
                     group="service:%s" % families[k * per_cluster],
                     networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}})

    def service(s):
        ecs.create_service(cluster="cluster-%02d" % (s // per_cluster), serviceName=families[s],
                           taskDefinition="%s:%d" % (families[s], REVISIONS), desiredCount=0)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(service, range(SERVICES)))
    role = "arn:aws:iam::%s:role/scheduler" % ACCOUNT
    for i in range(SCHEDULES):
        c["scheduler"].create_schedule(
            Name="nightly-%03d" % i, ScheduleExpression="cron(0 2 * * ? *)", FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": "arn:aws:ecs:%s:%s:cluster/cluster-%02d" % (REGION, ACCOUNT, i % CLUSTERS), "RoleArn": role,
                    "EcsParameters": {"TaskDefinitionArn": "arn:aws:ecs:%s:%s:task-definition/%s:1"
                                      % (REGION, ACCOUNT, families[i])}})
    for i in range(RULES):
        c["events"].put_rule(Name="weekly-%03d" % i, ScheduleExpression="rate(7 days)")
        c["events"].put_targets(Rule="weekly-%03d" % i, Targets=[{
            "Id": "1", "Arn": "arn:aws:ecs:%s:%s:cluster/cluster-%02d" % (REGION, ACCOUNT, i % CLUSTERS),
            "RoleArn": role, "EcsParameters": {"TaskDefinitionArn": "arn:aws:ecs:%s:%s:task-definition/%s:2"
                                              % (REGION, ACCOUNT, families[SCHEDULES + i])}}])

    def stack(i):
        c["cloudformation"].create_stack(StackName="stack-%03d" % i, TemplateBody=TEMPLATE % i,
                                         Parameters=[{"ParameterKey": "Tag", "ParameterValue": "v%d" % i}])

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(stack, range(STACKS)))
    items = [{"kind": "Pod", "metadata": {"namespace": "ns-%02d" % (p % 40), "name": "pod-%05d" % p},
              "spec": {"containers": [{"name": "app", "image": "%s/k8s/app-%03d:v1" % (HOST, p % 300)}]},
              "status": {"containerStatuses": [{"name": "app", "imageID": "%s/k8s/app-%03d@sha256:%064x"
                                                % (HOST, p % 300, p % 300 + 1)}]}} for p in range(PODS)]
    with open(pods_file, "w") as f:
        json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f)


def scan(jar, endpoint, sources, runs):
    env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_REGION=REGION, AWS_ACCESS_KEY_ID="test",
               AWS_SECRET_ACCESS_KEY="test", AWS_EC2_METADATA_DISABLED="true")
    times, lines = [], []
    for _ in range(runs):
        started = time.monotonic()
        result = subprocess.run(["java", "-jar", jar, "scan-in-use", "--stats", "-o", "json"] + sources,
                                env=env, capture_output=True, text=True)
        times.append(time.monotonic() - started)
        if result.returncode:
            raise SystemExit("scan failed: " + result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.startswith("In-use source")]
    return statistics.median(times), lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", default="target/ecrsweep.jar")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    emulator = Emulator()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pods = os.path.join(tmp, "pods.json")
            began = time.monotonic()
            seed(emulator.endpoint, pods)
            print("seeded in %.0f s" % (time.monotonic() - began))
            print("| sources | runs | median wall | per source: calls, time |")
            print("|---|---|---|---|")
            for label, sources, runs in (
                    ("ecs (newest 5)", ["--in-use", "ecs"], args.runs),
                    ("cloudformation", ["--in-use", "cloudformation"], args.runs),
                    ("k8s list of 5,000 pods", ["--in-use-k8s", pods], args.runs),
                    ("all three at once", ["--in-use", "ecs,cloudformation", "--in-use-k8s", pods], args.runs),
                    ("ecs (all ACTIVE revisions)", ["--in-use", "ecs", "--keep-task-definitions", "all"], 1)):
                wall, lines = scan(args.jar, emulator.endpoint, sources, runs)
                detail = "<br>".join(re.sub(r"^In-use source ", "", line) for line in lines)
                print("| %s | %d | %.2f s | %s |" % (label, runs, wall, detail))
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
