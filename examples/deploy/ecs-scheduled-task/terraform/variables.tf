variable "name" {
  description = "The name of the cluster, task definition family, log group and schedules."
  type        = string
  default     = "ecrsweep"
}

variable "image" {
  description = "The ecrsweep container image, pinned by digest (...@sha256:<64 hex digits>), as the release publishes it."
  type        = string
  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.image))
    error_message = "Pin the image by digest: ...@sha256:<64 hex digits>."
  }
}

variable "command" {
  description = "The ecrsweep command and its arguments. env:ECRSWEEP_RULES reads the rule file from rules_parameter. The default plans only (--dry-run); once its plans look right, drop --dry-run, add --yes and --max-delete, and set allow_changes."
  type        = list(string)
  default     = ["sweep", "--rules", "env:ECRSWEEP_RULES", "--all", "--dry-run", "-o", "json"]
}

variable "rules_parameter" {
  description = "The SSM Parameter Store parameter (its name, without a leading slash) that holds the rule file or policy; the task receives it as ECRSWEEP_RULES."
  type        = string
}

variable "schedule_expression" {
  description = "When it runs: cron(...), rate(...) or at(...), as EventBridge Scheduler reads them."
  type        = string
  default     = "cron(0 3 * * ? *)"
}

variable "schedule_timezone" {
  type    = string
  default = "UTC"
}

variable "allow_changes" {
  description = "true: the task runs with the deleting role; false: with the read-only role (plan-only schedules)."
  type        = bool
  default     = false
}

variable "target_role_name" {
  description = "For a fleet: the role ecrsweep assumes in each account, which the task role may assume. Empty: this account only."
  type        = string
  default     = ""
}

variable "notification_topic_arn" {
  description = "An SNS topic that hears of every run that changed something or failed (--notify). Empty: none."
  type        = string
  default     = ""
}

variable "shards" {
  description = "Split the run into this many shards, one task definition and one schedule each (--shard I/N)."
  type        = number
  default     = 1
  validation {
    condition     = var.shards >= 1 && var.shards == floor(var.shards)
    error_message = "shards is a whole number of at least 1."
  }
}

variable "subnets" {
  description = "The subnets the task runs in; they need a route to ECR and STS (a NAT gateway or VPC endpoints)."
  type        = list(string)
}

variable "security_groups" {
  type = list(string)
}

variable "assign_public_ip" {
  type    = bool
  default = false
}

variable "cpu" {
  type    = number
  default = 1024
}

variable "memory" {
  description = "The task's memory in MiB."
  type        = number
  default     = 2048
}

variable "log_retention_days" {
  type    = number
  default = 30
}
