# ResyncKnowledgeSources: private HTTP function fed by the knowledge-resync-sync
# push subscription (pubsub.tf), which Cloud Scheduler feeds once a day
# (scheduler.tf). It only sets resync: true on every enabled URL source;
# SyncKnowledgeSource then fetches each one under its own trigger and retry
# policy. No model, no Evolution, no Pub/Sub publishing. A tick delivered twice
# asks twice, which the sync absorbs (unchanged content rewrites nothing).

resource "google_cloudfunctions2_function" "resync_knowledge_sources" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-resync-knowledge-sources"
  description = "Daily: asks every enabled URL knowledge source to sync again (resync: true)."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.ResyncKnowledgeSources"
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
    max_instance_count               = 1
    max_instance_request_concurrency = 1
    # Must not exceed the subscription's ack_deadline_seconds (300).
    timeout_seconds                = 300
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.knowledge_resync.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID     = "true"
      GOOGLE_CLOUD_PROJECT = var.project_id
      FIRESTORE_DATABASE   = google_firestore_database.main.name
    }
  }

  depends_on = [
    google_project_iam_member.project_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
  ]
}
