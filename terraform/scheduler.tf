# Cloud Scheduler publishes a tick to followup-tick every 5 minutes; the
# followup-tick-sweep push subscription delivers it to FollowUpSweep. Once a
# day it publishes to knowledge-resync; knowledge-resync-sync delivers it to
# ResyncKnowledgeSources.
# (Scheduler uses its own service agent to publish to a topic in the same
# project; no grant is needed.)

resource "google_cloud_scheduler_job" "followup_tick" {
  project     = var.project_id
  region      = var.region
  name        = "${var.name_prefix}-followup-tick"
  description = "Drives FollowUpSweep: follow-ups, SLA checks, stuck runs, auto-close."
  schedule    = "*/5 * * * *"
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.followup_tick.id
    data       = base64encode(jsonencode({ kind = "followup-tick" }))
    attributes = {
      source = "cloud-scheduler"
    }
  }

  retry_config {
    retry_count = 1
  }

  depends_on = [google_project_service.apis]
}

# 03:00 in Brazil: operators' pages are fetched again when customers are few.
resource "google_cloud_scheduler_job" "knowledge_resync" {
  project     = var.project_id
  region      = var.region
  name        = "${var.name_prefix}-knowledge-resync"
  description = "Drives ResyncKnowledgeSources: every URL knowledge source is fetched again daily."
  schedule    = "0 3 * * *"
  time_zone   = "America/Sao_Paulo"

  pubsub_target {
    topic_name = google_pubsub_topic.knowledge_resync.id
    data       = base64encode(jsonencode({ kind = "knowledge-resync" }))
    attributes = {
      source = "cloud-scheduler"
    }
  }

  retry_config {
    retry_count = 1
  }

  depends_on = [google_project_service.apis]
}
