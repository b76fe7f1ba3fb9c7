#!/usr/bin/env python3
"""Writes a 100,000-image `aws ecr describe-images` snapshot of one repository ('big'), 35 MB, for the stage profile;
with --repositories N, an ecrsweep registry export of N such repositories ('big-0' ...), N x 100,000 images (ten
repositories: ECR's per-repository image quota ten times over, 1,000,000 images, 350 MB).

40 % untagged, 20 % prod-N, 30 % feature-N with pr-N-M, 10 % release-N; pushed over ten months; a third with a
last recorded pull. Deterministic (seed 7).

Usage: python3 src/bench/big_snapshot.py target/bench/big.json
       python3 src/bench/big_snapshot.py --repositories 10 target/bench/million.json
"""
import hashlib
import json
import random
import sys


def images(name):
    random.seed(7)
    details = []
    for i in range(100000):
        r = random.random()
        tags = [] if r < 0.4 else (["prod-%d" % i] if r < 0.6 else
                                   (["feature-%d" % i, "pr-%d-%d" % (i % 500, i)] if r < 0.9 else ["release-%d" % i]))
        detail = {"registryId": "123456789012", "repositoryName": name,
                  "imageDigest": "sha256:" + hashlib.sha256((str(i) if name == "big" else name + str(i)).encode()).hexdigest(),
                  "imageSizeInBytes": 50000000 + i,
                  "imagePushedAt": "2026-%02d-%02dT%02d:%02d:%02d.000000+00:00"
                                   % (1 + i % 10, 1 + i % 28, i % 24, i % 60, i % 60),
                  "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json"}
        if tags:
            detail["imageTags"] = tags
        if i % 3 == 0:
            detail["lastRecordedPullTime"] = "2026-%02d-%02dT00:00:00+00:00" % (1 + i % 10, 1 + i % 28)
        details.append(detail)
    return details


def main():
    args = sys.argv[1:]
    repositories = 0
    if args[:1] == ["--repositories"]:
        repositories, args = int(args[1]), args[2:]
    if args and args[0].startswith("-"):
        sys.exit(__doc__)
    out = args[0] if args else "target/bench/big.json"
    with open(out, "w") as f:
        if not repositories:
            json.dump({"imageDetails": images("big")}, f)
            return
        f.write('{"ecrsweepRegistryExport": 1, "exportedAt": "2026-11-01T00:00:00Z", "repositories": [')
        for r in range(repositories):
            name = "big-%d" % r
            f.write(("," if r else "") + json.dumps({"repositoryName": name, "imageDetails": images(name)}))
        f.write("]}")


if __name__ == "__main__":
    main()
