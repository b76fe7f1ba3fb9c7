#!/usr/bin/env python3
"""What an export of a registry takes with boto3: every repository, then every image of each (describe-images,
pages of 1,000), written as one JSON document to standard output."""
import json
import sys

import boto3

ecr = boto3.client("ecr", endpoint_url=sys.argv[1])
repositories = []
for page in ecr.get_paginator("describe_repositories").paginate(PaginationConfig={"PageSize": 1000}):
    for repo in page["repositories"]:
        images = []
        for images_page in ecr.get_paginator("describe_images").paginate(
                repositoryName=repo["repositoryName"], PaginationConfig={"PageSize": 1000}):
            images.extend(images_page["imageDetails"])
        repositories.append({"repositoryName": repo["repositoryName"], "imageDetails": images})
json.dump({"repositories": repositories}, sys.stdout, default=str)
