# ProcessMessage: the AI turn. Triggered by Firestore when a document under
# tickets/{ticket}/messages/{message} is written (created, or edited in the
# console: reprocess). Retries on failure (RETRY_POLICY_RETRY): the code claims
# each run with create-if-absent, so a redelivery never sends a second reply.

resource "google_cloudfunctions2_function" "process_message" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-process-message"
  description = "AI turn for inbound customer messages and console reprocess requests."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.ProcessMessage"
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
    available_memory = "1Gi"
    available_cpu    = "1"
    # Most of a turn is waiting (debounce, Gemini, Evolution): several turns
    # share an instance instead of each paying a cold start.
    max_instance_count               = var.process_max_instances
    max_instance_request_concurrency = 8
    timeout_seconds                  = 300
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.process_message.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID      = "true"
      GOOGLE_CLOUD_PROJECT  = var.project_id
      GOOGLE_CLOUD_LOCATION = var.gemini_location
      GEMINI_MODEL          = var.gemini_model
      # Questions are embedded with the model that embedded the knowledge chunks (SyncKnowledgeSource).
      ATENDE_EMBEDDING_MODEL    = var.embedding_model
      ATENDE_EMBEDDING_LOCATION = var.embedding_location
      FIRESTORE_DATABASE        = google_firestore_database.main.name
      EVOLUTION_API_URL         = var.evolution_api_url
      EVOLUTION_API_KEY         = local.secret_version.evolution_api_key
      ATENDE_ESCALATION_TOPIC   = google_pubsub_topic.escalations.name
      ATENDE_MEDIA_BUCKET       = google_storage_bucket.media.name
    }
  }

  event_trigger {
    # Firestore events are emitted in the database's location.
    trigger_region        = var.firestore_location
    event_type            = "google.cloud.firestore.document.v1.written"
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.process_message_trigger.email

    event_filters {
      attribute = "database"
      value     = google_firestore_database.main.name
    }

    # Without the operator the pattern is compared literally and never matches
    # (provider issue #16995).
    event_filters {
      attribute = "document"
      value     = "tickets/{ticket}/messages/{message}"
      operator  = "match-path-pattern"
    }
  }

  depends_on = [
    time_sleep.eventarc_agent_ready,
    google_project_iam_member.project_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
    google_secret_manager_secret_iam_member.evolution_api_key_process,
    google_pubsub_topic_iam_member.escalations_publisher_process,
    google_storage_bucket_iam_member.media,
    google_storage_bucket_iam_member.media_vertex_agent,
  ]
}
