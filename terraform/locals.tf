# Values shared by several files.

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  labels = merge({ app = "atende", managed-by = "terraform" }, var.labels)

  # JVM flags for a faster cold start (see docs/reference/gcp.md "Cold start").
  java_tool_options = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"

  # Every function's build_config.environment_variables. For a prebuilt jar the Java buildpack
  # installs Functions Framework 1.4.1 (Jetty 9) unless USE_JAVA_FF_2 is true; then 2.0.x, what
  # every local test and benchmark runs (GoogleCloudPlatform/buildpacks,
  # cmd/java/functions_framework/lib/lib.go).
  #
  # In service_config the functions also declare LOG_EXECUTION_ID = "true": the Cloud Functions
  # API adds it to every function's environment, so leaving it out would show a diff on every
  # plan. Declared rather than ignore_changes: it is the value the platform runs with, and
  # ignoring it would also hide a real change of that key.
  build_environment = {
    USE_JAVA_FF_2 = "true"
  }

  # Google-managed service agents that need grants (iam.tf). The addresses are built from the
  # project number rather than read from google_project_service_identity.*.email, which the
  # provider leaves empty when the API does not return it; every grant to an agent depends on
  # the identity resource instead, so the agent exists first.
  pubsub_service_agent   = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  eventarc_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-eventarc.iam.gserviceaccount.com"
  # Vertex AI reads fileData gs:// URIs as this agent (media.tf).
  aiplatform_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-aiplatform.iam.gserviceaccount.com"

  # The code accepts either a literal secret or a Secret Manager version name,
  # which it reads (cached) at run time: only the names are in Terraform state.
  secret_version = {
    evolution_api_key  = "projects/${var.project_id}/secrets/${google_secret_manager_secret.evolution_api_key.secret_id}/versions/latest"
    webhook_token      = "projects/${var.project_id}/secrets/${google_secret_manager_secret.webhook_token.secret_id}/versions/latest"
    crm_webhook_secret = "projects/${var.project_id}/secrets/${google_secret_manager_secret.crm_webhook_secret.secret_id}/versions/latest"
    id_key             = "projects/${var.project_id}/secrets/${google_secret_manager_secret.id_key.secret_id}/versions/latest"
  }
}
