# The media bucket: bytes of voice notes, images and documents customers send
# (docs/design.md "Media"; never stored in Firestore). The functions name objects
# per message and read them back; Gemini on Vertex AI reads them by gs:// URI
# (fileData.fileUri), as the Vertex AI service agent.
#
# | identity                        | on this bucket                                            |
# |---------------------------------|-----------------------------------------------------------|
# | EvolutionWebhook runtime        | objectCreator + objectViewer (store payload bytes, read)  |
# | ProcessMessage runtime          | objectCreator + objectViewer (store fetched bytes, read)  |
# | Vertex AI service agent         | objectViewer (fileData gs:// parts of the Gemini call)    |
#
# No account may delete or overwrite: uploads are create-if-absent
# (ifGenerationMatch=0, atende.media.GcsMediaStorage), and objects go by the
# lifecycle rule below. roles/storage.objectUser would add delete, update and
# overwrite, which no code path uses yet.

resource "google_storage_bucket" "media" {
  project  = var.project_id
  name     = "${var.project_id}-${var.name_prefix}-media"
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = local.labels

  # Customers' media are personal data: kept only as long as a conversation needs them.
  lifecycle_rule {
    condition {
      age = var.media_retention_days
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

locals {
  media_grants = {
    "webhook-creator" = { member = google_service_account.webhook.member, role = "roles/storage.objectCreator" }
    "webhook-viewer"  = { member = google_service_account.webhook.member, role = "roles/storage.objectViewer" }
    "process-creator" = { member = google_service_account.process_message.member, role = "roles/storage.objectCreator" }
    "process-viewer"  = { member = google_service_account.process_message.member, role = "roles/storage.objectViewer" }
  }
}

resource "google_storage_bucket_iam_member" "media" {
  for_each = local.media_grants

  bucket = google_storage_bucket.media.name
  role   = each.value.role
  member = each.value.member
}

# Gemini fetches fileData URIs as the Vertex AI service agent, not as the
# caller (docs/reference/gcp.md "Gemini on Vertex AI").
resource "google_project_service_identity" "aiplatform" {
  provider = google-beta

  project = var.project_id
  service = "aiplatform.googleapis.com"

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_iam_member" "media_vertex_agent" {
  bucket = google_storage_bucket.media.name
  role   = "roles/storage.objectViewer"
  member = local.aiplatform_service_agent

  depends_on = [google_project_service_identity.aiplatform]
}
