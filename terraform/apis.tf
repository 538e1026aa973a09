# APIs Atende needs. disable_on_destroy = false: destroying this configuration
# must not switch off APIs other workloads in the project may use.

locals {
  required_apis = toset([
    "aiplatform.googleapis.com",           # Gemini on Vertex AI
    "artifactregistry.googleapis.com",     # function images (gcf-artifacts)
    "cloudbuild.googleapis.com",           # function builds
    "cloudfunctions.googleapis.com",       # functions (gen2)
    "cloudresourcemanager.googleapis.com", # project IAM
    "cloudscheduler.googleapis.com",       # follow-up tick, daily knowledge resync
    "eventarc.googleapis.com",             # Firestore trigger
    "firestore.googleapis.com",            # data store
    "iam.googleapis.com",                  # service accounts
    "logging.googleapis.com",              # log-based metrics
    "monitoring.googleapis.com",           # dashboard and alerts
    "pubsub.googleapis.com",               # escalations, ticks, Eventarc transport
    "run.googleapis.com",                  # gen2 functions run on Cloud Run
    "secretmanager.googleapis.com",        # secrets read at run time
    "storage.googleapis.com",              # source bucket
  ])
}

resource "google_project_service" "apis" {
  for_each = local.required_apis

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
