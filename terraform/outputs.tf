# Outputs. docs/deploy.md uses them by these names.

locals {
  webhook_url = google_cloudfunctions2_function.evolution_webhook.url

  # Evolution API v2 POST /webhook/set/{instance} body: {"webhook": {enabled, url,
  # headers, byEvents, base64, events}}. The token placeholder is replaced in
  # the shell command below so the token itself never enters the state.
  webhook_set_body = jsonencode({
    webhook = {
      enabled  = true
      url      = local.webhook_url
      byEvents = false
      base64   = false
      headers = {
        "x-atende-token" = "ATENDE_TOKEN_PLACEHOLDER"
      }
      events = ["MESSAGES_UPSERT", "MESSAGES_UPDATE", "SEND_MESSAGE", "CHATS_UPDATE"]
    }
  })

  webhook_set_curls = [
    for instance in var.evolution_instances : join(" ", [
      "curl -sS --fail-with-body -X POST '${var.evolution_api_url}/webhook/set/${instance}'",
      "-H 'Content-Type: application/json'",
      "-H \"apikey: $EVOLUTION_API_KEY\"",
      "-d '${replace(local.webhook_set_body, "ATENDE_TOKEN_PLACEHOLDER", "'\"$ATENDE_WEBHOOK_TOKEN\"'")}'",
    ])
  ]
}

output "webhook_url" {
  description = "Public URL of EvolutionWebhook; Evolution posts its events here."
  value       = local.webhook_url
}

output "evolution_webhook_set_command" {
  description = "Ready-to-run shell commands that register the webhook on every Evolution instance in var.evolution_instances. Run: terraform output -raw evolution_webhook_set_command | bash"
  value = join("\n", concat([
    "set -eu",
    "EVOLUTION_API_KEY=\"$(gcloud secrets versions access latest --secret=${google_secret_manager_secret.evolution_api_key.secret_id} --project=${var.project_id})\"",
    "ATENDE_WEBHOOK_TOKEN=\"$(gcloud secrets versions access latest --secret=${google_secret_manager_secret.webhook_token.secret_id} --project=${var.project_id})\"",
  ], local.webhook_set_curls, [""]))
}

output "metrics_url" {
  description = "URL of the private Metrics function (call it with an identity token)."
  value       = google_cloudfunctions2_function.metrics.url
}

output "function_names" {
  description = "Deployed function names by entry point."
  value = {
    "atende.functions.EvolutionWebhook"       = google_cloudfunctions2_function.evolution_webhook.name
    "atende.functions.ProcessMessage"         = google_cloudfunctions2_function.process_message.name
    "atende.functions.NotifyEscalation"       = google_cloudfunctions2_function.notify_escalation.name
    "atende.functions.FollowUpSweep"          = google_cloudfunctions2_function.followup_sweep.name
    "atende.functions.Metrics"                = google_cloudfunctions2_function.metrics.name
    "atende.functions.TicketEdited"           = google_cloudfunctions2_function.ticket_edited.name
    "atende.functions.SyncKnowledgeSource"    = google_cloudfunctions2_function.sync_knowledge_source.name
    "atende.functions.ResyncKnowledgeSources" = google_cloudfunctions2_function.resync_knowledge_sources.name
  }
}

output "source_bucket" {
  description = "Bucket holding the deployable archives (older ones stay for rollbacks)."
  value       = google_storage_bucket.sources.name
}

output "media_bucket" {
  description = "Bucket holding customers' media (ATENDE_MEDIA_BUCKET); objects expire after media_retention_days."
  value       = google_storage_bucket.media.name
}

output "source_object" {
  description = "Archive the functions run now; note it before a deploy to be able to roll back with source_object_override."
  value       = local.source_object
}

output "firestore_database" {
  description = "Firestore database id (FIRESTORE_DATABASE)."
  value       = google_firestore_database.main.name
}

output "secret_ids" {
  description = "Secret Manager secrets to fill with `gcloud secrets versions add`."
  value = {
    evolution_api_key  = google_secret_manager_secret.evolution_api_key.secret_id
    webhook_token      = google_secret_manager_secret.webhook_token.secret_id
    crm_webhook_secret = google_secret_manager_secret.crm_webhook_secret.secret_id
  }
}

output "topics" {
  description = "Pub/Sub topics."
  value = {
    escalations             = google_pubsub_topic.escalations.name
    escalations_dead_letter = google_pubsub_topic.escalations_dead_letter.name
    followup_tick           = google_pubsub_topic.followup_tick.name
    knowledge_resync        = google_pubsub_topic.knowledge_resync.name
  }
}

output "dashboard_url" {
  description = "Cloud Monitoring dashboard."
  value       = "https://console.cloud.google.com/monitoring/dashboards/builder/${basename(google_monitoring_dashboard.atende.id)}?project=${var.project_id}"
}
