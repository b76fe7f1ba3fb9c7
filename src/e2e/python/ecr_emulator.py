#!/usr/bin/env python3
"""An ECR emulator for ecrsweep's end-to-end tests: moto's ECR, with the behaviours the tests rely on.

moto stores repositories, images and policies, but differs from ECR where ecrsweep's tests look.
This launcher patches moto, in memory, so that it:
  - pages DescribeRepositories, DescribeImages and ListImages (100 per page by default, maxResults up
    to 1000, an opaque nextToken) and applies the tagStatus filter;
  - computes an image's digest from its manifest bytes, as a registry does;
  - leaves the old image untagged when its tag moves to a new one;
  - reports untagged images in BatchDeleteImage's imageIds;
  - refuses to delete a child of a live index (ImageReferencedByManifestList);
  - rejects more than 100 image ids per batch call;
  - serves UpdateImageStorageClass (archive now; a restore leaves the image ACTIVATING);
  - removes a tag named alone in BatchDeleteImage, deleting the image with its last tag;
  - serves the repository creation templates (Create/Update/Delete/DescribeRepositoryCreationTemplates) and
    pull-through cache rules (Create/DescribePullThroughCacheRules), which moto lacks, as the ECR API reference
    describes them: prefix and appliedFor validated, TemplateAlreadyExists/TemplateNotFound answered;
  - stores lifecycle policies without validating them (ecrsweep validates; moto's check is wrong
    both ways).
For in-use sources, as ECS and Lambda do (moto does neither):
  - a task's containers report the digest their image had when the task started (imageDigest);
  - a Lambda function resolves its image URI to a digest when its code is set (ResolvedImageUri), and
    a published version keeps that image while $LATEST moves on.
For ECS task definitions, as ECS does (moto ignores both):
  - ListTaskDefinitions sorts by family and revision (sort=DESC reverses it) and pages (maxResults, nextToken);
  - ListTaskDefinitionFamilies with status=ACTIVE lists only families with an ACTIVE revision.
For stacks, as CloudFormation does (moto has no such model):
  - creates AWS::Scheduler::Schedule resources in EventBridge Scheduler, with their target as given;
  - keeps an AWS::ECS::TaskDefinition's roles, network mode, compatibilities and size;
  - reads a list parameter's default as a list.
For CloudWatch, as the AWS SDK for Java calls it (moto serves the query protocol only):
  - PutMetricData over Smithy RPC v2 CBOR (POST /service/GraniteServiceVersion20100801/operation/...);
    GET /_ecrsweep/metrics answers the data CloudWatch stored.
For targets in several accounts, STS AssumeRole (which moto grants for any role, in any account)
refuses a role named ecrsweep-denied with AccessDenied, as STS does when a role's trust policy does not
name the caller.
It also serves POST /_ecrsweep/seed, which creates repositories, images and policies directly,
with the push and pull times, sizes, statuses and subjects the tests choose (in any account), and
POST /_ecrsweep/user, which creates an IAM user with an access key in an account: requests signed
with that key act in that account, as in AWS, and POST /_ecrsweep/lambda-role, which creates a role
Lambda can assume and answers its ARN.

For benchmarks, --latency-ms adds a network's latency to every AWS call, --throttle answers a share of
the ECR calls at random and --rate-limit the calls past a fixed rate per operation (a token bucket, as ECR's
quotas are) with ThrottlingException, of every ECR operation or, with --throttle-operation, of one; GET /_ecrsweep/calls
answers the ECR calls per operation since it was last read, GET /_ecrsweep/connections the connections opened.

Usage: ecr_emulator.py --port N [--latency-ms MS] [--throttle SHARE] [--rate-limit PER_SECOND]
                        [--throttle-operation OP]
(binds 127.0.0.1 only; prints "ready" when serving)
"""
import argparse
import datetime as dt
import struct
import base64
import hashlib
import io
import json
import random
import re
import sys
import threading
import time
from datetime import datetime, timezone

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from moto.ecr import models as ecr_models
from moto.ecr import responses as ecr_responses
from moto.ecr.exceptions import InvalidParameterException
from moto.ecr.models import ECRBackend, Image, Repository, ecr_backends
from moto.core.responses import ActionResult
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

# moto lists its service modules from the disk (thousands of stat calls) on every request to find the backend;
# they do not change while it runs, so the list is read once. A third of a DescribeImages call went there.
from moto import backends as _moto_backends  # noqa: E402

_MODULES = tuple(_moto_backends.list_of_moto_modules())
_moto_backends.list_of_moto_modules = lambda: _MODULES

ACCOUNT = "123456789012"
INDEX_TYPES = {
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
}


# ---- images: digest from the manifest bytes, chosen size and attributes


def _digest(self):
    if not self._image_digest:
        self._image_digest = "sha256:" + hashlib.sha256(self.image_manifest.encode("utf-8")).hexdigest()
    return self._image_digest


def _size(self):
    if getattr(self, "seeded_size", None) is not None:
        return self.seeded_size
    manifest = json.loads(self.image_manifest)
    layers = manifest.get("layers") or []
    return sum(layer.get("size", 0) for layer in layers) + manifest.get("config", {}).get("size", 0)


Image.get_image_digest = _digest
Image.get_image_size_in_bytes = _size


def _children(image):
    if image.image_manifest_media_type not in INDEX_TYPES:
        return []
    try:
        return [m.get("digest") for m in json.loads(image.image_manifest).get("manifests", [])]
    except ValueError:
        return []


# ---- put_image: a moved tag leaves the old image untagged


_original_put_image = ECRBackend.put_image


def _put_image(self, repository_name, image_manifest, image_tag, image_manifest_mediatype=None, digest=None):
    repository = self.repositories.get(repository_name)
    if repository is not None and image_tag:
        for image in repository.images:
            if image_tag in image.image_tags and image.image_manifest != image_manifest:
                image.remove_tag(image_tag)
                if not image.image_tags:
                    image.image_tag = None
    return _original_put_image(self, repository_name, image_manifest, image_tag, image_manifest_mediatype, digest)


ECRBackend.put_image = _put_image


# ---- batch_delete_image: by digest, with every failure, children of live indexes protected


def _batch_delete_image(self, repository_name, registry_id=None, image_ids=None):
    repository = self._get_repository(repository_name, registry_id)
    if not image_ids:
        raise InvalidParameterException("Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'")
    if len(image_ids) > 100:
        raise InvalidParameterException("Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100'")
    deleted, failures = [], []
    doomed = set()
    for image_id in image_ids:
        d = image_id.get("imageDigest")
        if d:
            doomed.add(d)
    # Read once per call, not once per image id: a batch of 100 in a repository of thousands stays cheap, so
    # that the emulator is not the bottleneck of the clients it serves.
    by_digest = {i.get_image_digest(): i for i in repository.images}
    parents_of = {}
    for p in repository.images:
        for child in _children(p):
            parents_of.setdefault(child, []).append(p)
    gone = set()
    for image_id in image_ids:
        d = image_id.get("imageDigest")
        tag = image_id.get("imageTag")
        if d is not None:
            found = by_digest.get(d)
            matches = [found] if found is not None and d not in gone and (tag is None or tag in found.image_tags) else []
        else:
            matches = [i for i in repository.images if tag is not None and tag in i.image_tags]
        if not d and not tag:
            failures.append({"imageId": {}, "failureCode": "MissingDigestAndTag",
                             "failureReason": "Invalid request parameters: both tag and digest cannot be null"})
            continue
        if not matches:
            failures.append({"imageId": dict(image_id), "failureCode": "ImageNotFound", "failureReason": "Requested image not found"})
            continue
        image = matches[0]
        if tag and not d and len(image.image_tags) > 1:
            image.remove_tag(tag)
            deleted.append({"imageDigest": image.get_image_digest(), "imageTag": tag})
            continue
        parents = [p for p in parents_of.get(image.get_image_digest(), [])
                   if p.get_image_digest() not in doomed and p.get_image_digest() not in gone]
        if parents:
            failures.append({"imageId": dict(image_id), "failureCode": "ImageReferencedByManifestList",
                             "failureReason": "Requested image referenced by manifest list: ["
                             + ", ".join(p.get_image_digest() for p in parents) + "]"})
            continue
        repository.images.remove(image)
        gone.add(image.get_image_digest())
        if image.image_tags:
            for t in image.image_tags:
                deleted.append({"imageDigest": image.get_image_digest(), "imageTag": t})
        else:
            deleted.append({"imageDigest": image.get_image_digest()})
    return {"imageIds": deleted, "failures": failures}


ECRBackend.batch_delete_image = _batch_delete_image


def _describe_images_by_id(self, repository_name, registry_id=None, image_ids=None):
    """moto's describe_images, with the images named by digest found in one pass instead of one scan each."""
    repository = self._get_repository(repository_name, registry_id)
    if not image_ids:
        return list(repository.images)
    by_digest = {i.get_image_digest(): i for i in repository.images}
    found = []
    for image_id in image_ids:
        digest, tag = image_id.get("imageDigest"), image_id.get("imageTag")
        image = by_digest.get(digest) if digest and not tag else None
        found.append(image if image is not None else repository._get_image(tag, digest))
    return list({id(i): i for i in found}.values())


ECRBackend.describe_images = _describe_images_by_id


def _put_lifecycle_policy(self, registry_id, repository_name, lifecycle_policy_text):
    repo = self._get_repository(repository_name, registry_id)
    repo.lifecycle_policy = lifecycle_policy_text
    return {"registryId": repo.registry_id, "repositoryName": repository_name, "lifecyclePolicyText": lifecycle_policy_text}


ECRBackend.put_lifecycle_policy = _put_lifecycle_policy


# ---- responses: paging and the tagStatus filter


def _page(self, items, key):
    max_results = self._get_param("maxResults") or 100
    if not 1 <= int(max_results) <= 1000:
        raise InvalidParameterException("Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'")
    token = self._get_param("nextToken")
    start = int(base64.b64decode(token).decode()) if token else 0
    end = start + int(max_results)
    result = {key: items[start:end]}
    if end < len(items):
        result["nextToken"] = base64.b64encode(str(end).encode()).decode()
    return result


def _describe_repositories(self):
    repositories = self.ecr_backend.describe_repositories(
        repository_names=self._get_param("repositoryNames"), registry_id=self._get_param("registryId"))
    result = _page(self, sorted(repositories, key=lambda r: r.name), "repositories")
    result["failures"] = []
    return ActionResult(result)


def _detail(image, registry_id, repository_name):
    """ImageDetail as ECR writes it; built directly, since moto's generic serializer costs more per image
    than the rest of the request together and would make DescribeImages the emulator's bottleneck."""
    d = {"registryId": registry_id, "repositoryName": repository_name, "imageDigest": image.get_image_digest(),
         "imageSizeInBytes": image.get_image_size_in_bytes(), "imagePushedAt": image.image_pushed_at,
         "imageManifestMediaType": image.image_manifest_media_type}
    if image.image_tags:
        d["imageTags"] = list(image.image_tags)
    for attr, key in (("last_recorded_pull_time", "lastRecordedPullTime"), ("artifact_media_type", "artifactMediaType"),
                      ("subject_manifest_digest", "subjectManifestDigest"), ("image_status", "imageStatus"),
                      ("last_archived_at", "lastArchivedAt"), ("last_activated_at", "lastActivatedAt")):
        value = getattr(image, attr, None)
        if value is not None:
            d[key] = value
    return d


def _describe_images(self):
    name = self._get_param("repositoryName")
    images = list(self.ecr_backend.describe_images(name, self._get_param("registryId"), self._get_param("imageIds")))
    status = (self._get_param("filter") or {}).get("tagStatus")
    if status == "TAGGED":
        images = [i for i in images if i.image_tags]
    elif status == "UNTAGGED":
        images = [i for i in images if not i.image_tags]
    registry_id = self.ecr_backend.repositories[name].registry_id
    page = _page(self, images, "imageDetails")
    page["imageDetails"] = [_detail(i, registry_id, name) for i in page["imageDetails"]]
    return json.dumps(page)


def _list_images(self):
    images = self.ecr_backend.list_images(self._get_param("repositoryName"), self._get_param("registryId"))
    status = (self._get_param("filter") or {}).get("tagStatus")
    if status == "TAGGED":
        images = [i for i in images if i.image_tags]
    elif status == "UNTAGGED":
        images = [i for i in images if not i.image_tags]
    ids = []
    for image in images:
        if image.image_tags:
            ids.extend({"imageDigest": image.image_digest, "imageTag": t} for t in image.image_tags)
        else:
            ids.append({"imageDigest": image.image_digest})
    return ActionResult(_page(self, ids, "imageIds"))


def _update_image_storage_class(self):
    """UpdateImageStorageClass, which moto lacks: the image moves to ARCHIVED now."""
    name = self._get_param("repositoryName")
    repository = self.ecr_backend._get_repository(name, self._get_param("registryId"))
    digest = (self._get_param("imageId") or {}).get("imageDigest")
    for image in repository.images:
        if image.get_image_digest() == digest:
            if self._get_param("targetStorageClass") == "ARCHIVE":
                image.image_status = "ARCHIVED"
                image.last_archived_at = datetime.now(timezone.utc).timestamp()
            else:
                image.image_status = "ACTIVATING"
            return json.dumps({"registryId": repository.registry_id, "repositoryName": name,
                               "imageId": {"imageDigest": digest}, "imageStatus": image.image_status})
    from moto.ecr.exceptions import ImageNotFoundException
    raise ImageNotFoundException({"imageDigest": digest}, name, repository.registry_id)


def _batch_delete_image_response(self):
    """BatchDeleteImage's answer written directly, as DescribeImages' is: moto's generic serializer cost more
    than the deletion."""
    response = self.ecr_backend.batch_delete_image(
        self._get_param("repositoryName"), self._get_param("registryId"), self._get_param("imageIds"))
    return json.dumps(response)


ecr_responses.ECRResponse.batch_delete_image = _batch_delete_image_response
ecr_responses.ECRResponse.update_image_storage_class = _update_image_storage_class
ecr_responses.ECRResponse.list_images = _list_images
ecr_responses.ECRResponse.describe_repositories = _describe_repositories
ecr_responses.ECRResponse.describe_images = _describe_images


# ---- repository creation templates and pull-through cache rules, which moto lacks; as the ECR API reference
# describes them (CreateRepositoryCreationTemplate, UpdateRepositoryCreationTemplate, DeleteRepositoryCreationTemplate,
# DescribeRepositoryCreationTemplates, CreatePullThroughCacheRule, DescribePullThroughCacheRules)

from moto.core.exceptions import JsonRESTError  # noqa: E402

_TEMPLATE_PREFIX = re.compile(r"^([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*/?|ROOT)$")
_TEMPLATE_FIELDS = ("description", "encryptionConfiguration", "resourceTags", "imageTagMutability",
                    "imageTagMutabilityExclusionFilters", "repositoryPolicy", "lifecyclePolicy", "appliedFor",
                    "customRoleArn")
_APPLIED_FOR = {"REPLICATION", "PULL_THROUGH_CACHE", "CREATE_ON_PUSH"}


def _templates(backend):
    if not hasattr(backend, "_ecrsweep_templates"):
        backend._ecrsweep_templates = {}
    return backend._ecrsweep_templates


def _check_template(params, creating):
    prefix = params.get("prefix")
    if not prefix or len(prefix) > 256 or not _TEMPLATE_PREFIX.match(prefix):
        raise InvalidParameterException("Invalid parameter at 'prefix' failed to satisfy constraint")
    applied = params.get("appliedFor")
    if creating and not applied:
        raise InvalidParameterException("Invalid parameter at 'appliedFor': at least one value is required")
    if applied is not None and (not applied or any(a not in _APPLIED_FOR for a in applied)):
        raise InvalidParameterException("Invalid parameter at 'appliedFor' failed to satisfy constraint")
    policy = params.get("lifecyclePolicy")
    if policy is not None:
        try:
            json.loads(policy)
        except ValueError:
            raise InvalidParameterException("Invalid parameter at 'lifecyclePolicy': not valid JSON")
    return prefix


def _template_response(self, template):
    return json.dumps({"registryId": self.ecr_backend.account_id, "repositoryCreationTemplate": template},
                      default=str)


def _create_repository_creation_template(self):
    params = json.loads(self.body or "{}")
    prefix = _check_template(params, True)
    templates = _templates(self.ecr_backend)
    if prefix in templates:
        raise JsonRESTError("TemplateAlreadyExistsException", f"The template with the prefix '{prefix}' already exists")
    now = datetime.now(timezone.utc).timestamp()
    template = {"prefix": prefix, "createdAt": now, "updatedAt": now}
    template.update({k: params[k] for k in _TEMPLATE_FIELDS if k in params})
    template.setdefault("imageTagMutability", "MUTABLE")
    template.setdefault("encryptionConfiguration", {"encryptionType": "AES256"})
    templates[prefix] = template
    return _template_response(self, template)


def _update_repository_creation_template(self):
    params = json.loads(self.body or "{}")
    prefix = _check_template(params, False)
    templates = _templates(self.ecr_backend)
    if prefix not in templates:
        raise JsonRESTError("TemplateNotFoundException", f"The template with the prefix '{prefix}' does not exist")
    template = templates[prefix]
    template.update({k: params[k] for k in _TEMPLATE_FIELDS if k in params})
    template["updatedAt"] = datetime.now(timezone.utc).timestamp()
    return _template_response(self, template)


def _delete_repository_creation_template(self):
    params = json.loads(self.body or "{}")
    prefix = params.get("prefix")
    template = _templates(self.ecr_backend).pop(prefix, None)
    if template is None:
        raise JsonRESTError("TemplateNotFoundException", f"The template with the prefix '{prefix}' does not exist")
    return _template_response(self, template)


def _describe_repository_creation_templates(self):
    params = json.loads(self.body or "{}")
    wanted = params.get("prefixes")
    templates = sorted(_templates(self.ecr_backend).values(), key=lambda t: t["prefix"])
    if wanted:
        templates = [t for t in templates if t["prefix"] in wanted]
    result = _page(self, templates, "repositoryCreationTemplates")
    result["registryId"] = self.ecr_backend.account_id
    return json.dumps(result, default=str)


def _create_pull_through_cache_rule(self):
    params = json.loads(self.body or "{}")
    rules = getattr(self.ecr_backend, "_ecrsweep_pull_through", None)
    if rules is None:
        rules = self.ecr_backend._ecrsweep_pull_through = {}
    prefix = params.get("ecrRepositoryPrefix")
    if prefix in rules:
        raise JsonRESTError("PullThroughCacheRuleAlreadyExistsException", f"A rule for '{prefix}' already exists")
    rule = {"ecrRepositoryPrefix": prefix, "upstreamRegistryUrl": params.get("upstreamRegistryUrl"),
            "registryId": self.ecr_backend.account_id, "createdAt": datetime.now(timezone.utc).timestamp()}
    for key in ("upstreamRegistry", "credentialArn", "customRoleArn", "upstreamRepositoryPrefix"):
        if key in params:
            rule[key] = params[key]
    rules[prefix] = rule
    return json.dumps(rule, default=str)


def _describe_pull_through_cache_rules(self):
    params = json.loads(self.body or "{}")
    rules = sorted(getattr(self.ecr_backend, "_ecrsweep_pull_through", {}).values(),
                   key=lambda r: r["ecrRepositoryPrefix"])
    wanted = params.get("ecrRepositoryPrefixes")
    if wanted:
        rules = [r for r in rules if r["ecrRepositoryPrefix"] in wanted]
    return json.dumps(_page(self, rules, "pullThroughCacheRules"), default=str)


for _name, _fn in (("create_repository_creation_template", _create_repository_creation_template),
                   ("update_repository_creation_template", _update_repository_creation_template),
                   ("delete_repository_creation_template", _delete_repository_creation_template),
                   ("describe_repository_creation_templates", _describe_repository_creation_templates),
                   ("create_pull_through_cache_rule", _create_pull_through_cache_rule),
                   ("describe_pull_through_cache_rules", _describe_pull_through_cache_rules)):
    setattr(ecr_responses.ECRResponse, _name, _fn)


# ---- ECS and Lambda: images resolved to digests when a task starts or a function's code is set

ECR_HOST = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/([^:@]+)(?::([^@]+))?(?:@(sha256:[a-f0-9]{64}))?$")


def _resolve(uri):
    """The digest an ECR image URI names now: its digest, or the image that holds its tag; None when unknown."""
    m = ECR_HOST.match(uri or "")
    if not m:
        return None
    account, region, name, tag, digest = m.groups()
    if digest:
        return digest
    try:
        repository = ecr_backends[account][region].repositories.get(name)
    except KeyError:
        return None
    if repository is None:
        return None
    for image in repository.images:
        if (tag or "latest") in image.image_tags:
            return image.get_image_digest()
    return None


from moto.ecs import models as ecs_models  # noqa: E402
from moto.ecs import responses as ecs_responses  # noqa: E402


def _ecs_page(self, items, key):
    max_results = int(self._get_param("maxResults") or 100)
    token = self._get_param("nextToken")
    start = int(base64.b64decode(token).decode()) if token else 0
    end = start + max_results
    result = {key: items[start:end]}
    if end < len(items):
        result["nextToken"] = base64.b64encode(str(end).encode()).decode()
    return ActionResult(result)


def _list_task_definitions(self):
    status = self._get_param("status", "ACTIVE")
    family = self._get_param("familyPrefix")
    found = [d for revisions in self.ecs_backend.task_definitions.values() for d in revisions.values()
             if (family is None or d.family == family) and d.status == status]
    found.sort(key=lambda d: (d.family, int(d.revision)), reverse=self._get_param("sort") == "DESC")
    return _ecs_page(self, [d.arn for d in found], "taskDefinitionArns")


def _list_task_definition_families(self):
    status = self._get_param("status", "ALL")
    prefix = self._get_param("familyPrefix") or ""
    families = sorted(f for f, revisions in self.ecs_backend.task_definitions.items()
                      if f.startswith(prefix)
                      and (status == "ALL" or any(d.status == status for d in revisions.values())))
    return _ecs_page(self, families, "families")


ecs_responses.EC2ContainerServiceResponse.list_task_definitions = _list_task_definitions


def _task_definition_from_stack(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """AWS::ECS::TaskDefinition with the properties moto's model leaves out: its roles, network mode and size."""
    p = cloudformation_json["Properties"]
    return ecs_models.ecs_backends[account_id][region_name].register_task_definition(
        family=p.get("Family", resource_name),
        container_definitions=ecs_models.remap_nested_keys(p.get("ContainerDefinitions", []),
                                                           ecs_models.pascal_to_camelcase),
        volumes=ecs_models.remap_nested_keys(p.get("Volumes", []), ecs_models.pascal_to_camelcase),
        network_mode=p.get("NetworkMode"), requires_compatibilities=p.get("RequiresCompatibilities"),
        cpu=p.get("Cpu"), memory=p.get("Memory"), task_role_arn=p.get("TaskRoleArn"),
        execution_role_arn=p.get("ExecutionRoleArn"))


ecs_models.TaskDefinition.create_from_cloudformation_json = classmethod(_task_definition_from_stack)

from moto.cloudformation import parsing as cfn_parsing  # noqa: E402

_original_load_parameters = cfn_parsing.ResourceMap.load_parameters


def _load_parameters(self):
    """A list parameter's default is a list too, as CloudFormation reads it (moto splits only the values given)."""
    _original_load_parameters(self)
    for name, slot in self._template.get("Parameters", {}).items():
        value_type = slot.get("Type", "String")
        value = self.resolved_parameters.get(name)
        if isinstance(value, str) and (value_type == "CommaDelimitedList" or value_type.startswith("List<")):
            self.resolved_parameters[name] = value.split(",")
            self._parsed_resources[name] = self.resolved_parameters[name]


cfn_parsing.ResourceMap.load_parameters = _load_parameters

from moto.core.common_models import CloudFormationModel  # noqa: E402
from moto.scheduler.models import scheduler_backends  # noqa: E402


class CloudFormationSchedule(CloudFormationModel):
    """AWS::Scheduler::Schedule: found by moto's stack parser as a subclass of CloudFormationModel."""

    # moto files each model under the service its module names.
    __module__ = "moto.scheduler.models"

    def __init__(self, schedule, account_id, region_name):
        self.schedule = schedule
        self.account_id = account_id
        self.region_name = region_name

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @staticmethod
    def cloudformation_type():
        return "AWS::Scheduler::Schedule"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        # The API spells one key of the ECS target otherwise than CloudFormation: awsvpcConfiguration.
        network = p["Target"].get("EcsParameters", {}).get("NetworkConfiguration", {})
        if "AwsvpcConfiguration" in network:
            network["awsvpcConfiguration"] = network.pop("AwsvpcConfiguration")
        schedule = scheduler_backends[account_id][region_name].create_schedule(
            description=p.get("Description"), end_date=p.get("EndDate"),
            flexible_time_window=p.get("FlexibleTimeWindow", {"Mode": "OFF"}), group_name=p.get("GroupName"),
            kms_key_arn=p.get("KmsKeyArn"), name=p.get("Name", resource_name),
            schedule_expression=p["ScheduleExpression"],
            schedule_expression_timezone=p.get("ScheduleExpressionTimezone"), start_date=p.get("StartDate"),
            state=p.get("State", "ENABLED"), target=p["Target"], action_after_completion=None)
        return cls(schedule, account_id, region_name)

    @property
    def physical_resource_id(self):
        return self.schedule.name

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name):
        return self.schedule.arn

    def delete(self, account_id, region_name):
        scheduler_backends[account_id][region_name].delete_schedule(self.schedule.group_name, self.schedule.name)
ecs_responses.EC2ContainerServiceResponse.list_task_definition_families = _list_task_definition_families
from moto.awslambda import models as lambda_models  # noqa: E402

_original_container_init = ecs_models.Container.__init__


def _container_init(self, task_def):
    _original_container_init(self, task_def)
    self.image_digest = _resolve(self.image)


ecs_models.Container.__init__ = _container_init

_original_lambda_init = lambda_models.LambdaFunction.__init__
_original_update_code = lambda_models.LambdaFunction.update_function_code
_original_get_code = lambda_models.LambdaFunction.get_code


def _pin_image(function):
    uri = (function.code or {}).get("ImageUri")
    if uri:
        function.ecrsweep_image_uri = uri
        digest = _resolve(uri)
        base = re.sub(r"[:@].*$", "", uri.split("/", 1)[1]) if "/" in uri else uri
        function.ecrsweep_resolved_uri = (uri.split("/", 1)[0] + "/" + base + "@" + digest) if digest else None


def _lambda_init(self, *args, **kwargs):
    _original_lambda_init(self, *args, **kwargs)
    _pin_image(self)


def _update_code(self, updated_spec):
    result = _original_update_code(self, updated_spec)
    _pin_image(self)
    return result


def _get_code(self):
    response = _original_get_code(self)
    if getattr(self, "ecrsweep_image_uri", None):
        response["Code"]["ImageUri"] = self.ecrsweep_image_uri
        if self.ecrsweep_resolved_uri:
            response["Code"]["ResolvedImageUri"] = self.ecrsweep_resolved_uri
        else:
            response["Code"].pop("ResolvedImageUri", None)
    return response


lambda_models.LambdaFunction.__init__ = _lambda_init
lambda_models.LambdaFunction.update_function_code = _update_code
lambda_models.LambdaFunction.get_code = _get_code


from moto.sts import models as sts_models  # noqa: E402
from moto.sts.exceptions import STSClientError  # noqa: E402

_original_assume_role = sts_models.STSBackend.assume_role


def _assume_role(self, region_name, role_session_name, role_arn, policy, duration, external_id):
    if role_arn.endswith(":role/ecrsweep-denied"):
        raise STSClientError(
            "AccessDenied",
            "User: arn:aws:iam::" + self.account_id + ":user/test is not authorized to perform: sts:AssumeRole on"
            " resource: " + role_arn)
    return _original_assume_role(self, region_name, role_session_name, role_arn, policy, duration, external_id)


sts_models.STSBackend.assume_role = _assume_role


def create_lambda_role(spec):
    from moto.iam.models import iam_backends
    account = spec.get("account", ACCOUNT)
    iam = iam_backends[account]["global"]
    name = "ecrsweep-lambda"
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    try:
        role = iam.get_role(name)
    except Exception:  # not there yet
        role = iam.create_role(name, trust, "/", None, "", [], None)
    return {"arn": role.arn}


# ---- seeding


def seed(spec):
    region = spec.get("region", "us-east-1")
    backend = ecr_backends[spec.get("account", ACCOUNT)][region]
    for repo in spec.get("repositories", []):
        name = repo["name"]
        if name not in backend.repositories:
            backend.create_repository(name, None, None, None, "MUTABLE", [])
        repository = backend.repositories[name]
        if repo.get("lifecyclePolicy"):
            repository.lifecycle_policy = repo["lifecyclePolicy"]
        for spec_image in repo.get("images", []):
            tags = spec_image.get("tags") or []
            image = Image(backend.account_id, tags[0] if tags else None, spec_image["manifest"], name,
                          spec_image.get("mediaType") or json.loads(spec_image["manifest"]).get("mediaType"))
            image.image_tags = list(tags)
            image.image_pushed_at = spec_image.get("pushedAt", datetime.now(timezone.utc).timestamp())
            if spec_image.get("size") is not None:
                image.seeded_size = spec_image["size"]
            for key, attr in (("lastRecordedPullTime", "last_recorded_pull_time"), ("artifactMediaType", "artifact_media_type"),
                              ("subjectManifestDigest", "subject_manifest_digest"), ("imageStatus", "image_status"),
                              ("lastArchivedAt", "last_archived_at"), ("lastActivatedAt", "last_activated_at")):
                if spec_image.get(key) is not None:
                    setattr(image, attr, spec_image[key])
            repository.images.append(image)
    return {"repositories": len(spec.get("repositories", []))}


def create_user(spec):
    from moto.iam.models import iam_backends
    account = spec["account"]
    iam = iam_backends[account]["global"]
    name = spec.get("name", "ecrsweep-test")
    if name not in iam.users:
        iam.create_user("us-east-1", name)
    key = iam.create_access_key(name)
    return {"accessKeyId": key.access_key_id, "secretAccessKey": key.secret_access_key}


class App:
    def __init__(self, latency_ms=0, throttle=0.0, throttle_operation=None, seed=1, rate_limit=0.0):
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.latency = latency_ms / 1000.0
        self.throttle = throttle
        self.throttle_operation = throttle_operation
        self.rate_limit = rate_limit
        self.buckets = {}
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.calls = {}
        self.connections = 0

    def _network(self, environ, start_response):
        """What a network and a throttling service add, for benchmarks: every AWS call waits the latency (each
        request on its own thread, so calls in flight wait side by side, as over a network), and a share of
        the ECR calls (or of one operation's) is answered with ThrottlingException, as ECR does past its rate."""
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target.rsplit(".", 1)[-1] if target else None
        if self.latency:
            time.sleep(self.latency)
        if operation is None:
            return None
        with self.lock:
            counts = self.calls.setdefault(operation, [0, 0])
            counts[0] += 1
            throttled = (self.throttle > 0 and (self.throttle_operation in (None, operation))
                         and self.random.random() < self.throttle)
            if self.rate_limit > 0 and (self.throttle_operation in (None, operation)):
                throttled = throttled or not self._token(operation)
            if throttled:
                counts[1] += 1
        if throttled:
            body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"})
            return Response(body, status=400, headers={"x-amzn-ErrorType": "ThrottlingException"},
                            mimetype="application/x-amz-json-1.1")(environ, start_response)
        return None

    def _token(self, operation):
        """A token of the operation's bucket, as ECR's rate quotas are: --rate-limit tokens a second, as many at
        most (a second's burst); False when the bucket is empty. Called with the lock held."""
        now = time.monotonic()
        tokens, then = self.buckets.get(operation, (self.rate_limit, now))
        tokens = min(self.rate_limit, tokens + (now - then) * self.rate_limit)
        if tokens < 1:
            self.buckets[operation] = (tokens, now)
            return False
        self.buckets[operation] = (tokens - 1, now)
        return True

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path == "/_ecrsweep/connections":
            # The connections clients opened since the last read (this request's own included).
            with self.lock:
                body, self.connections = {"opened": self.connections}, 0
            return Response(json.dumps(body), status=200, mimetype="application/json")(environ, start_response)
        if request.path == "/_ecrsweep/calls":
            # The ECR calls served since the last read, per operation: [answered or throttled, throttled].
            with self.lock:
                body, self.calls = self.calls, {}
            return Response(json.dumps(body), status=200, mimetype="application/json")(environ, start_response)
        if not request.path.startswith("/_ecrsweep/"):
            answered = self._network(environ, start_response)
            if answered is not None:
                return answered
        if request.path == "/_ecrsweep/seed" and request.method == "POST":
            try:
                body = seed(json.loads(request.get_data(as_text=True)))
                return Response(json.dumps(body), status=200, mimetype="application/json")(environ, start_response)
            except Exception as e:  # the test sees what went wrong
                return Response(json.dumps({"error": repr(e)}), status=400, mimetype="application/json")(environ, start_response)
        if request.path == "/_ecrsweep/user" and request.method == "POST":
            body = create_user(json.loads(request.get_data(as_text=True)))
            return Response(json.dumps(body), status=200, mimetype="application/json")(environ, start_response)
        if request.path == "/_ecrsweep/lambda-role" and request.method == "POST":
            body = create_lambda_role(json.loads(request.get_data(as_text=True) or "{}"))
            return Response(json.dumps(body), status=200, mimetype="application/json")(environ, start_response)
        if request.path == "/_ecrsweep/ping":
            return Response("ok")(environ, start_response)
        if request.path == "/_ecrsweep/metrics":
            # What CloudWatch stored, for tests: each datum's namespace, name, dimensions, value and unit.
            return Response(json.dumps(cloudwatch_metrics()), status=200,
                            mimetype="application/json")(environ, start_response)
        if request.path.startswith(RPC_V2):
            try:
                return cloudwatch_rpc_v2(request)(environ, start_response)
            except Exception as e:  # the test sees what went wrong
                print("cloudwatch rpc-v2: %r" % e, file=sys.stderr, flush=True)
                raise
        return self.moto(environ, start_response)


# ---- CloudWatch over Smithy RPC v2 CBOR, as the AWS SDK for Java calls it (moto serves its query protocol only)

RPC_V2 = "/service/GraniteServiceVersion20100801/operation/"


def _cbor(data, at=0):
    """One CBOR item (RFC 8949) of data at an offset: the value and the offset after it."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if major == 7:
        if info == 20: return False, at
        if info == 21: return True, at
        if info in (22, 23): return None, at
        if info == 25: return struct.unpack(">e", data[at:at + 2])[0], at + 2
        if info == 26: return struct.unpack(">f", data[at:at + 4])[0], at + 4
        if info == 27: return struct.unpack(">d", data[at:at + 8])[0], at + 8
        raise ValueError("CBOR simple value %d" % info)
    if info < 24:
        n = info
    elif info == 31:
        n = None
    else:
        size = 1 << (info - 24)
        n, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major == 0: return n, at
    if major == 1: return -1 - n, at
    if major in (2, 3):
        if n is None:
            parts = []
            while data[at] != 0xFF:
                part, at = _cbor(data, at)
                parts.append(part)
            return ("" if major == 3 else b"").join(parts), at + 1
        raw = data[at:at + n]
        return (raw.decode() if major == 3 else raw), at + n
    if major == 4:
        items = []
        while (len(items) < n) if n is not None else data[at] != 0xFF:
            item, at = _cbor(data, at)
            items.append(item)
        return items, at + (1 if n is None else 0)
    if major == 5:
        items = {}
        while (len(items) < n) if n is not None else data[at] != 0xFF:
            key, at = _cbor(data, at)
            items[key], at = _cbor(data, at)
        return items, at + (1 if n is None else 0)
    if major == 6:  # a tag: tag 1 is an epoch-seconds timestamp
        value, at = _cbor(data, at)
        return (dt.datetime.fromtimestamp(value, tz=dt.timezone.utc) if n == 1 else value), at
    raise ValueError("CBOR major type %d" % major)


def cloudwatch_rpc_v2(request):
    from moto.cloudwatch.models import cloudwatch_backends
    operation = request.path[len(RPC_V2):]
    credential = re.search(r"Credential=([^/]+)/[0-9]+/([^/]+)/", request.headers.get("Authorization", ""))
    region = credential.group(2) if credential else "us-east-1"
    account = "123456789012"
    headers = {"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor"}
    if operation != "PutMetricData":
        return Response(b"\xa1\x66__type\x6fUnknownOperation", status=400, headers=headers)
    body, _ = _cbor(request.get_data())
    cloudwatch_backends[account][region].put_metric_data(body["Namespace"], body.get("MetricData", []))
    return Response(b"\xa0", status=200, headers=headers)


def cloudwatch_metrics():
    from moto.cloudwatch.models import cloudwatch_backends
    found = []
    for account, regions in cloudwatch_backends.items():
        for region, backend in regions.items():
            for d in backend.metric_data:
                found.append({"account": account, "region": region, "namespace": d.namespace, "name": d.name,
                              "dimensions": {x.name: x.value for x in d.dimensions}, "value": getattr(d, "value", None),
                              "unit": d.unit})
    return found


class Handler(WSGIRequestHandler):
    """Keeps connections open between requests, as ECR's endpoints do, and logs failures only.

    Werkzeug's own handler closes every connection after one answer, so that every call of a client paid a new
    connection and the emulator a new thread: costs ECR does not have, that fell on whichever client made the
    most calls. This handler reads each request's body whole, answers with its length, and waits on the same
    connection for the next request, as HTTP/1.1 does unless the client asks to close."""

    protocol_version = "HTTP/1.1"
    # An answer leaves in one write, at once: without these, its body waited for the client's delayed
    # acknowledgement of its headers (Nagle's algorithm), 40 ms a call on a kept connection, as no server does.
    disable_nagle_algorithm = True
    wbufsize = -1

    def setup(self):
        super().setup()
        with self.server.app.lock:
            self.server.app.connections += 1

    def run_wsgi(self):
        if self.headers.get("Expect", "").lower().strip() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            self.wfile.flush()
        environ = self.make_environ()
        # The whole body now, so that what the application leaves unread never runs into the next request.
        if environ.get("wsgi.input_terminated"):
            body = environ["wsgi.input"].read()
            environ.pop("wsgi.input_terminated")
        else:
            body = self.rfile.read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["wsgi.input"] = io.BytesIO(body)
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return chunks.append

        chunks = []
        try:
            result = self.server.app(environ, start_response)
            try:
                chunks.extend(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        except Exception as e:  # as werkzeug does: a 500 and the traceback in the log, then the connection closes
            self.log_error("error on request: %r", e)
            answer = {"status": "500 Internal Server Error", "headers": [("Content-Type", "text/plain")]}
            chunks = [b"internal error"]
            self.close_connection = True
        payload = b"".join(chunks)
        code, _, reason = answer["status"].partition(" ")
        self.send_response(int(code), reason)
        for key, value in answer["headers"]:
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log_request(self, code="-", size="-"):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency-ms", type=float, default=0, help="added to every AWS call, as a network would")
    parser.add_argument("--throttle", type=float, default=0.0, help="share of ECR calls answered ThrottlingException")
    parser.add_argument("--throttle-operation", help="throttle only this ECR operation (e.g. BatchDeleteImage)")
    parser.add_argument("--rate-limit", type=float, default=0.0,
                        help="calls per second per ECR operation (a token bucket, a second's burst); past it, ThrottlingException")
    parser.add_argument("--seed", type=int, default=1, help="of the throttling's random draws")
    args = parser.parse_args()
    app = App(args.latency_ms, args.throttle, args.throttle_operation, args.seed, args.rate_limit)
    server = make_server("127.0.0.1", args.port, app, threaded=True, request_handler=Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
