#!/usr/bin/env python3
"""The usual blog-post script: list every repository, then for each one list its untagged images and
delete them, sequentially, with boto3."""
import sys

import boto3

ecr = boto3.client("ecr", endpoint_url=sys.argv[1])
for page in ecr.get_paginator("describe_repositories").paginate():
    for repo in page["repositories"]:
        name = repo["repositoryName"]
        untagged = []
        for images in ecr.get_paginator("list_images").paginate(repositoryName=name, filter={"tagStatus": "UNTAGGED"}):
            untagged.extend(images["imageIds"])
        for i in range(0, len(untagged), 100):
            ecr.batch_delete_image(repositoryName=name, imageIds=untagged[i:i + 100])
