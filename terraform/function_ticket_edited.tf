# TicketEdited: console edits of a ticket as commands (docs/design.md "Console
# edits"): a corrected category/priority becomes classificationSource = human
# and re-evaluates the escalation rules; aiPaused = false hands the chat back;
# resolving records who did it and asks the customer for a 0-10 rating. Triggered by Firestore on tickets/{ticket}.
# The code's own ticket writes always move updatedAt and are ignored, so the
# trigger never loops on itself or on ProcessMessage.

resource "google_service_account" "ticket_edited" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-ticket-edits"
  display_name = "Atende TicketEdited runtime"
  description  = "Runs TicketEdited: applies console edits of tickets, publishes escalations they require."
}

resource "google_project_iam_member" "ticket_edited_roles" {
  for_each = toset(["roles/datastore.user", "roles/logging.logWriter"])

  project = var.project_id
  role    = each.value
  member  = google_service_account.ticket_edited.member
}

resource "google_pubsub_topic_iam_member" "escalations_publisher_ticket_edited" {
  project = var.project_id
  topic   = google_pubsub_topic.escalations.name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.ticket_edited.member
}

# Resolving a ticket asks the customer for a rating through Evolution.
resource "google_secret_manager_secret_iam_member" "evolution_api_key_ticket_edited" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.evolution_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.ticket_edited.member
}

resource "google_cloudfunctions2_function" "ticket_edited" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-ticket-edited"
  description = "Console edits of tickets: human classification, resume, resolve."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.TicketEdited"
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
    max_instance_count               = 10
    max_instance_request_concurrency = 8
    timeout_seconds                  = 60
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.ticket_edited.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID        = "true"
      GOOGLE_CLOUD_PROJECT    = var.project_id
      FIRESTORE_DATABASE      = google_firestore_database.main.name
      ATENDE_ESCALATION_TOPIC = google_pubsub_topic.escalations.name
      EVOLUTION_API_URL       = var.evolution_api_url
      EVOLUTION_API_KEY       = local.secret_version.evolution_api_key
    }
  }

  event_trigger {
    trigger_region        = var.firestore_location
    event_type            = "google.cloud.firestore.document.v1.written"
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.process_message_trigger.email

    event_filters {
      attribute = "database"
      value     = google_firestore_database.main.name
    }

    event_filters {
      attribute = "document"
      value     = "tickets/{ticket}"
      operator  = "match-path-pattern"
    }
  }

  depends_on = [
    time_sleep.eventarc_agent_ready,
    google_project_iam_member.ticket_edited_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
    google_pubsub_topic_iam_member.escalations_publisher_ticket_edited,
    google_secret_manager_secret_iam_member.evolution_api_key_ticket_edited,
  ]
}

resource "google_cloud_run_v2_service_iam_member" "ticket_edited_trigger_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.ticket_edited.name
  role     = "roles/run.invoker"
  member   = google_service_account.process_message_trigger.member
}
