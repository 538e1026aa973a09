# Values shared by several files.

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  labels = merge({ app = "atende", managed-by = "terraform" }, var.labels)

  # JVM flags for a faster cold start (see docs/reference/gcp.md "Cold start").
  java_tool_options = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"

  # Google-managed service agents that need grants (iam.tf).
  pubsub_service_agent   = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  eventarc_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-eventarc.iam.gserviceaccount.com"

  # The code accepts either a literal secret or a Secret Manager version name,
  # which it reads (cached) at run time: only the names are in Terraform state.
  secret_version = {
    evolution_api_key  = "projects/${var.project_id}/secrets/${google_secret_manager_secret.evolution_api_key.secret_id}/versions/latest"
    webhook_token      = "projects/${var.project_id}/secrets/${google_secret_manager_secret.webhook_token.secret_id}/versions/latest"
    crm_webhook_secret = "projects/${var.project_id}/secrets/${google_secret_manager_secret.crm_webhook_secret.secret_id}/versions/latest"
  }
}
