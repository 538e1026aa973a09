# NotifyEscalation: private HTTP function fed by the ticket-escalations push
# subscription (pubsub.tf) with an OIDC token. Answers 2xx to acknowledge;
# anything else is retried with backoff and, after
# local.notify_max_delivery_attempts (pubsub.tf), dead-lettered to
# ticket-escalations-dead-letter; the function is told the same number. The
# request body is the Pub/Sub push envelope
# {"message":{"data","attributes","messageId","publishTime"},"subscription","deliveryAttempt"}.

resource "google_cloudfunctions2_function" "notify_escalation" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-notify-escalation"
  description = "Notifies humans of an escalation (team WhatsApp group, CRM webhook) and records it."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.NotifyEscalation"
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
    max_instance_count               = 5
    max_instance_request_concurrency = 4
    # Must not exceed the subscription's ack_deadline_seconds (60).
    timeout_seconds                = 60
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.notify_escalation.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID     = "true"
      GOOGLE_CLOUD_PROJECT = var.project_id
      FIRESTORE_DATABASE   = google_firestore_database.main.name
      EVOLUTION_API_URL    = var.evolution_api_url
      EVOLUTION_API_KEY    = local.secret_version.evolution_api_key
      # Empty = no CRM notification; the secret is read only when the URL is set.
      CRM_WEBHOOK_URL    = var.crm_webhook_url
      CRM_WEBHOOK_SECRET = local.secret_version.crm_webhook_secret
      # The last delivery records notifyFailed on the ticket before the dead letter.
      ATENDE_NOTIFY_MAX_ATTEMPTS = tostring(local.notify_max_delivery_attempts)
    }
  }

  depends_on = [
    google_project_iam_member.project_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
    google_secret_manager_secret_iam_member.evolution_api_key_notify,
    google_secret_manager_secret_iam_member.crm_webhook_secret_notify,
  ]
}
