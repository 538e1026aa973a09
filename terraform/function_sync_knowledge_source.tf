# SyncKnowledgeSource: an operator's knowledge source becomes knowledge/*
# chunks (docs/design.md "Knowledge sources"). Triggered by Firestore when
# knowledgeSources/{source} is written: created, edited, resync: true (set by
# an operator or by ResyncKnowledgeSources every day) or deleted. Fetches the
# URL (a public web page, PDF or text file) or takes the pasted text, extracts
# and chunks it, writes the chunks and the source's status. Retries on failure
# (RETRY_POLICY_RETRY): unchanged content rewrites nothing, so a redelivery is
# harmless.
#
# Egress: operators' pages are on the public internet. A gen2 function without
# a VPC connector or Direct VPC egress reaches the internet directly, which is
# all the fetch needs; the code refuses private, link-local and metadata-server
# addresses itself (ATENDE_KB_ALLOW_LOOPBACK is for the local stack only and is
# never set here).
#
# With Gemini configured (GOOGLE_CLOUD_PROJECT) the chunks are embedded with
# Vertex AI text embeddings (ATENDE_EMBEDDING_MODEL), hence roles/aiplatform.user.
# No Evolution secret and no Pub/Sub: it never talks to customers.

resource "google_cloudfunctions2_function" "sync_knowledge_source" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-sync-knowledge-source"
  description = "Fetches, cleans and chunks a knowledge source into knowledge/* (embedded when Gemini is configured)."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.SyncKnowledgeSource"
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
    # PDF parsing holds the document and its text in memory.
    available_memory = "1Gi"
    available_cpu    = "1"
    # Few syncs at once: each may hold a large PDF, and operators add sources
    # one by one (a bulk import or the daily resync is absorbed by retries).
    max_instance_count               = 5
    max_instance_request_concurrency = 4
    timeout_seconds                  = 300
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.knowledge_sync.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID      = "true"
      GOOGLE_CLOUD_PROJECT  = var.project_id
      GOOGLE_CLOUD_LOCATION = var.gemini_location
      # The same model as ProcessMessage's: query and chunk vectors must come from one model.
      ATENDE_EMBEDDING_MODEL    = var.embedding_model
      ATENDE_EMBEDDING_LOCATION = var.embedding_location
      FIRESTORE_DATABASE        = google_firestore_database.main.name
    }
  }

  event_trigger {
    # Firestore events are emitted in the database's location.
    trigger_region        = var.firestore_location
    event_type            = "google.cloud.firestore.document.v1.written"
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.knowledge_sync_trigger.email

    event_filters {
      attribute = "database"
      value     = google_firestore_database.main.name
    }

    # Without the operator the pattern is compared literally and never matches
    # (provider issue #16995).
    event_filters {
      attribute = "document"
      value     = "knowledgeSources/{source}"
      operator  = "match-path-pattern"
    }
  }

  depends_on = [
    time_sleep.eventarc_agent_ready,
    google_project_iam_member.project_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
  ]
}
