# EvolutionWebhook: public HTTPS endpoint Evolution API posts events to.
# Validates the shared token, normalises and stores the message, answers fast;
# the AI work happens in ProcessMessage. The only function kept warm
# (min_instance_count = 1): Evolution gives up after 30 s and a Java cold
# start costs seconds.

resource "google_cloudfunctions2_function" "evolution_webhook" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-evolution-webhook"
  description = "Receives Evolution API webhook events (public, shared-token check in code)."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.EvolutionWebhook"
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
    available_memory                 = "512Mi"
    available_cpu                    = "1"
    min_instance_count               = 1
    max_instance_count               = var.webhook_max_instances
    max_instance_request_concurrency = 20
    timeout_seconds                  = 30
    ingress_settings                 = "ALLOW_ALL"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.webhook.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID     = "true"
      GOOGLE_CLOUD_PROJECT = var.project_id
      FIRESTORE_DATABASE   = google_firestore_database.main.name
      ATENDE_WEBHOOK_TOKEN = local.secret_version.webhook_token
      ATENDE_MEDIA_BUCKET  = google_storage_bucket.media.name
      ATENDE_ID_KEY        = local.secret_version.id_key
    }
  }

  depends_on = [
    google_project_iam_member.project_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
    google_secret_manager_secret_iam_member.webhook_token_webhook,
    google_secret_manager_secret_iam_member.id_key_webhook,
    google_storage_bucket_iam_member.media,
  ]
}
