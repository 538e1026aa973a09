# EraseCustomer: the LGPD right to erasure (docs/design.md "Guards and personal
# data"). Triggered by Firestore on customers/{customer}: erase turning true
# removes the customer's phone, name, JID and message texts from every
# document and their media objects from the bucket, keeping what Metrics
# counts, and leaves a tombstone. Its own writes never set erase, so it never
# loops; a failure is recorded on the customer and retried by Eventarc.

resource "google_service_account" "erase_customer" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-erase"
  display_name = "Atende EraseCustomer runtime"
  description  = "Runs EraseCustomer: anonymises a customer's tickets, deletes their media objects (LGPD)."
}

resource "google_project_iam_member" "erase_customer_roles" {
  for_each = toset(["roles/datastore.user", "roles/logging.logWriter"])

  project = var.project_id
  role    = each.value
  member  = google_service_account.erase_customer.member
}

resource "google_cloudfunctions2_function" "erase_customer" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name_prefix}-erase-customer"
  description = "LGPD erasure of a customer when customers/{id}.erase turns true."

  build_config {
    runtime         = "java21"
    entry_point     = "atende.functions.EraseCustomer"
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
    # A customer with many tickets and media: well inside the contract's minute
    # for a usual one, room for the rare long history.
    timeout_seconds                = 300
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.erase_customer.email

    environment_variables = {
      JAVA_TOOL_OPTIONS = local.java_tool_options
      # Set by the Cloud Functions API on every function; declared so plans stay clean (locals.tf).
      LOG_EXECUTION_ID     = "true"
      GOOGLE_CLOUD_PROJECT = var.project_id
      FIRESTORE_DATABASE   = google_firestore_database.main.name
      # Deletes the customer's media objects (media.tf: delete only).
      ATENDE_MEDIA_BUCKET = google_storage_bucket.media.name
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
      value     = "customers/{customer}"
      operator  = "match-path-pattern"
    }
  }

  depends_on = [
    time_sleep.eventarc_agent_ready,
    google_project_iam_member.erase_customer_roles,
    google_storage_bucket_iam_member.build_reads_sources,
    google_project_iam_member.build_reads_function_staging,
    google_storage_bucket_iam_member.media,
  ]
}

resource "google_cloud_run_v2_service_iam_member" "erase_customer_trigger_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.erase_customer.name
  role     = "roles/run.invoker"
  member   = google_service_account.process_message_trigger.member
}
