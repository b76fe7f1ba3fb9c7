output "cluster" {
  value = aws_ecs_cluster.this.name
}

output "task_definitions" {
  value = aws_ecs_task_definition.shard[*].arn
}

output "schedules" {
  value = aws_scheduler_schedule.shard[*].name
}

output "log_group" {
  description = "Where each run's report and warnings go."
  value       = aws_cloudwatch_log_group.this.name
}
