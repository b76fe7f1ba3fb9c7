#!/usr/bin/env python3
"""Seeds the ECR emulator with a benchmark fleet: N repositories of M images, a third of them untagged.

Usage: seed_fleet.py ENDPOINT [--repos 200] [--images 200]   (resets the emulator first)
"""
import argparse
import hashlib
import json
import time
import urllib.request


def manifest(name):
    layer = "sha256:" + hashlib.sha256(("layer-" + name).encode()).hexdigest()
    config = "sha256:" + hashlib.sha256(("config-" + name).encode()).hexdigest()
    return json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                       "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469, "digest": config},
                       "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 30000000, "digest": layer}]})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--images", type=int, default=200)
    args = parser.parse_args()
    urllib.request.urlopen(urllib.request.Request(args.endpoint + "/moto-api/reset", data=b"", method="POST")).read()
    now = time.time()
    repositories = []
    for r in range(args.repos):
        name = "bench/service-%03d" % r
        images = []
        for i in range(args.images):
            tags = [] if i % 3 == 0 else ["build-%d" % i]
            images.append({"manifest": manifest("%s-%d" % (name, i)), "tags": tags,
                           "pushedAt": now - 86400 * (1 + i % 90), "size": 30000000 + i})
        repositories.append({"name": name, "images": images})
    body = json.dumps({"account": "123456789012", "region": "us-east-1", "repositories": repositories}).encode()
    urllib.request.urlopen(urllib.request.Request(args.endpoint + "/_ecrsweep/seed", data=body, method="POST")).read()


if __name__ == "__main__":
    main()
