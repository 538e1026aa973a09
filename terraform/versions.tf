# Terraform and provider versions.
#
# The offline check (dev/terraform-check) validates every google resource
# against the hashicorp/google 6.50.0 schema, so the provider is pinned to that
# release line: a newer major could rename attributes the check cannot see.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50.0"
    }
    # Only for google_project_service_identity (iam.tf), which the google
    # provider does not have; same release line as google.
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 6.50.0"
    }
    # Only for time_sleep: waiting for IAM grants to the Eventarc service agent
    # to propagate before the Firestore-triggered function is created (#25294).
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }

  # Partial configuration: the state bucket is passed at init time, e.g.
  #   terraform init -backend-config=bucket=MY-STATE-BUCKET -backend-config=prefix=atende
  # (cloudbuild.yaml does the same with the _TF_STATE_BUCKET substitution).
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region

  default_labels = local.labels
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}
