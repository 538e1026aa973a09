# Cloud Scheduler publishes a tick to followup-tick every 5 minutes; the
# followup-tick-sweep push subscription delivers it to FollowUpSweep.
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
