# FollowUpSweep: private HTTP function fed by the followup-tick push
# subscription (pubsub.tf), which Cloud Scheduler feeds every 5 minutes
# (scheduler.tf). Sends due follow-ups (pt-BR templates: no model,
# so no Vertex AI role and no Gemini settings), flags SLA breaches, releases stuck
# runs, auto-closes idle tickets. One instance, one request at a time: two
# sweeps never overlap; a tick that arrives while one runs is retried later.
# Scheduler can fire twice: the work is keyed by ticket + due time.

resource "google_cloudfunctions2_function" "followup_sweep" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-followup-sweep"
  description = "Due follow-ups, SLA breaches, stuck runs and auto-close, every 5 minutes."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.FollowUpSweep"
    service_account = google_service_account.build.id
    # Build-time only: which Functions Framework the buildpack installs (locals.tf).
    environment_variables = local.build_environment

    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = local.source_object
      }
    }
  }

  service_config {
    available_memory                 = "1Gi"
    available_cpu                    = "1"
    max_instance_count               = 1
    max_instance_request_concurrency = 1
    # Must not exceed the subscription's ack_deadline_seconds (300).
    timeout_seconds                = 300
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.followup_sweep.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID        = "true"
      GOOGLE_CLOUD_PROJECT    = var.project_id
      FIRESTORE_DATABASE      = google_firestore_database.main.name
      EVOLUTION_API_URL       = var.evolution_api_url
      EVOLUTION_API_KEY       = local.secret_version.evolution_api_key
      ATENDE_ESCALATION_TOPIC = google_pubsub_topic.escalations.name
      # Retention deletes old messages' objects (media.tf: delete only).
      ATENDE_MEDIA_BUCKET = google_storage_bucket.media.name
    }
  }

  depends_on = [
    google_project_iam_member.project_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
    google_secret_manager_secret_iam_member.evolution_api_key_sweep,
    google_pubsub_topic_iam_member.escalations_publisher_sweep,
    google_storage_bucket_iam_member.media,
  ]
}
