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
# | FollowUpSweep runtime           | media_object_deleter (retention: old messages' objects)   |
# | EraseCustomer runtime           | media_object_deleter (LGPD erasure of a customer's media) |
#
# No account may overwrite: uploads are create-if-absent (ifGenerationMatch=0,
# atende.media.GcsMediaStorage). Objects go by the lifecycle rule below, by
# retentionDays and by erasure; the two deleters can do nothing else.

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
    "sweep-deleter"   = { member = google_service_account.followup_sweep.member, role = google_project_iam_custom_role.media_object_deleter.name }
    "erase-deleter"   = { member = google_service_account.erase_customer.member, role = google_project_iam_custom_role.media_object_deleter.name }
  }
}

# Retention (FollowUpSweep) and erasure (EraseCustomer) delete objects and do
# nothing else: no predefined role grants storage.objects.delete alone
# (roles/storage.objectUser also creates, reads and lists).
resource "google_project_iam_custom_role" "media_object_deleter" {
  project     = var.project_id
  role_id     = "${replace(var.name_prefix, "-", "_")}_media_object_deleter"
  title       = "Atende media object deleter"
  description = "Deletes objects of the media bucket (retention, LGPD erasure); granted on that bucket only."
  permissions = ["storage.objects.delete"]
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
