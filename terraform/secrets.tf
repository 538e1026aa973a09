# Secret Manager secrets. Terraform creates the secrets but never their values:
# no version (and so no secret) is ever in the Terraform state. Add values with
#   gcloud secrets versions add SECRET_ID --data-file=-
# (docs/deploy.md). The functions receive the version *name*
# projects/P/secrets/S/versions/latest in EVOLUTION_API_KEY, ATENDE_WEBHOOK_TOKEN
# and CRM_WEBHOOK_SECRET and read it at run time (cached), so a rotation needs
# no redeploy. Accessor grants are per secret, in iam.tf.

resource "google_secret_manager_secret" "evolution_api_key" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-evolution-api-key"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret" "webhook_token" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-webhook-token"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret" "crm_webhook_secret" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-crm-webhook-secret"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

# The key of the hash customer ids are made of (atende.platform.ContactIds):
# ids reveal no phone number, and nobody without this key can compute one from
# a number. Never rotate it: every customer id derives from it, so a new key is
# a migration (docs/privacy.md), not a rotation.
resource "google_secret_manager_secret" "id_key" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-id-key"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}
