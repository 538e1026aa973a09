# Metrics: private HTTP function returning the seed's metrics as JSON.
# Call it with an identity token of a principal listed in var.metrics_invokers:
#   curl -H "Authorization: Bearer $(gcloud auth print-identity-token)" "$(terraform output -raw metrics_url)"

resource "google_cloudfunctions2_function" "metrics" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-metrics"
  description = "The seed's support metrics as JSON (private)."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.Metrics"
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
    max_instance_count               = 2
    max_instance_request_concurrency = 4
    timeout_seconds                  = 60
    # Reachable from outside, but only with an authorised identity token.
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.metrics.email

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
