# ecrsweep on a schedule: EventBridge Scheduler starts an ECS task on Fargate (no time limit) that runs the
# ecrsweep container image with the given command; one schedule per shard. Plan-only schedules run with a
# read-only task role, schedules that change the registry with a separate deleting role.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.name
  rules_arn = "arn:${local.partition}:ssm:${local.region}:${local.account}:parameter/${var.rules_parameter}"
}

resource "aws_ecs_cluster" "this" {
  name = var.name
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecrsweep/${var.name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "ecs_tasks" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name_prefix        = "${var.name}-exec-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}

data "aws_iam_policy_document" "execution" {
  statement {
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["*"]
  }
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
  statement {
    actions   = ["ssm:GetParameters"]
    resources = [local.rules_arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# What every run may read: the registry, its policies and what runs (the in-use source ecs).
data "aws_iam_policy_document" "read" {
  statement {
    actions = [
      "ecr:DescribeRepositories", "ecr:ListTagsForResource", "ecr:DescribeRegistry", "ecr:DescribeImages", "ecr:BatchGetImage",
      "ecr:GetLifecyclePolicy",
      "ecs:ListClusters", "ecs:ListTasks", "ecs:DescribeTasks", "ecs:ListServices", "ecs:DescribeServices",
      "ecs:ListTaskDefinitionFamilies", "ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition",
      "events:ListEventBuses", "events:ListRuleNamesByTarget", "events:ListTargetsByRule",
      "scheduler:ListSchedules", "scheduler:GetSchedule", "sts:GetCallerIdentity",
    ]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.notification_topic_arn == "" ? [] : [var.notification_topic_arn]
    content {
      actions   = ["sns:Publish"]
      resources = [statement.value]
    }
  }
  dynamic "statement" {
    for_each = var.target_role_name == "" ? [] : [var.target_role_name]
    content {
      actions   = ["sts:AssumeRole"]
      resources = ["arn:${local.partition}:iam::*:role/${statement.value}"]
    }
  }
}

resource "aws_iam_policy" "read" {
  name_prefix = "${var.name}-read-"
  policy      = data.aws_iam_policy_document.read.json
}

# The task's role: the reads alone for plan-only schedules; with allow_changes, the three changing actions too.
resource "aws_iam_role" "task" {
  name_prefix        = var.allow_changes ? "${var.name}-delete-" : "${var.name}-read-"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}

resource "aws_iam_role_policy_attachment" "task" {
  role       = aws_iam_role.task.name
  policy_arn = aws_iam_policy.read.arn
}

resource "aws_iam_role_policy" "deleting" {
  count = var.allow_changes ? 1 : 0
  role  = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecr:BatchDeleteImage", "ecr:PutLifecyclePolicy", "ecr:UpdateImageStorageClass"]
      Resource = "arn:${local.partition}:ecr:${local.region}:${local.account}:repository/*"
    }]
  })
}

resource "aws_ecs_task_definition" "shard" {
  count                    = var.shards
  family                   = var.shards == 1 ? var.name : "${var.name}-shard-${count.index + 1}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name      = "ecrsweep"
    image     = var.image
    essential = true
    command = concat(
      var.command,
      var.shards == 1 ? [] : ["--shard", "${count.index + 1}/${var.shards}"],
      var.notification_topic_arn == "" ? [] : ["--notify", var.notification_topic_arn],
    )
    environment = [
      { name = "AWS_REGION", value = local.region },
      { name = "ECRSWEEP_JAVA_OPTS", value = "-XX:MaxRAMPercentage=75" },
    ]
    secrets = [{ name = "ECRSWEEP_RULES", valueFrom = local.rules_arn }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = local.region
        awslogs-stream-prefix = "ecrsweep"
      }
    }
  }])
}

# What the schedules may do: start these task definitions in this cluster and hand them their two roles.
data "aws_iam_policy_document" "scheduler_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name_prefix        = "${var.name}-schedule-"
  assume_role_policy = data.aws_iam_policy_document.scheduler_trust.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    actions   = ["ecs:RunTask"]
    resources = [for d in aws_ecs_task_definition.shard : "${d.arn_without_revision}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.this.arn]
    }
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.execution.arn, aws_iam_role.task.arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "shard" {
  count                        = var.shards
  name                         = var.shards == 1 ? var.name : "${var.name}-shard-${count.index + 1}"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_timezone
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_ecs_cluster.this.arn
    role_arn = aws_iam_role.scheduler.arn
    retry_policy {
      maximum_retry_attempts = 0
    }
    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.shard[count.index].arn
      launch_type         = "FARGATE"
      task_count          = 1
      network_configuration {
        subnets          = var.subnets
        security_groups  = var.security_groups
        assign_public_ip = var.assign_public_ip
      }
    }
  }
}
