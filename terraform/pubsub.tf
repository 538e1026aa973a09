# Pub/Sub: escalations (with a dead-letter topic), the follow-up tick and the
# daily knowledge resync tick.
#
# Every delivery uses Terraform-managed PUSH subscriptions with an OIDC token
# instead of a function event_trigger: Terraform cannot attach a dead-letter
# policy to the subscription an event_trigger creates (provider #25069, #17697),
# and a managed subscription also gets an explicit retry policy.
# Topic and subscription IAM is in iam.tf.

locals {
  # Deliveries of one escalation before it is dead-lettered. NotifyEscalation
  # gets the same number (ATENDE_NOTIFY_MAX_ATTEMPTS) so it knows which delivery
  # is the last and records notifyFailed on the ticket before giving up. With
  # the retry policy below (10 s doubling to 600 s), 10 attempts span about 40
  # minutes: long enough to ride out an Evolution reconnect.
  notify_max_delivery_attempts = 10
}

# ProcessMessage and FollowUpSweep publish here (ATENDE_ESCALATION_TOPIC).
resource "google_pubsub_topic" "escalations" {
  project = var.project_id
  name    = "ticket-escalations"

  message_retention_duration = "86400s"

  depends_on = [google_project_service.apis]
}

# Escalations that NotifyEscalation failed to handle after max_delivery_attempts.
resource "google_pubsub_topic" "escalations_dead_letter" {
  project = var.project_id
  name    = "ticket-escalations-dead-letter"

  depends_on = [google_project_service.apis]
}

# Cloud Scheduler publishes a tick here every 5 minutes (scheduler.tf).
resource "google_pubsub_topic" "followup_tick" {
  project = var.project_id
  name    = "followup-tick"

  depends_on = [google_project_service.apis]
}

# Cloud Scheduler publishes a tick here once a day (scheduler.tf).
resource "google_pubsub_topic" "knowledge_resync" {
  project = var.project_id
  name    = "knowledge-resync"

  depends_on = [google_project_service.apis]
}

# ticket-escalations -> NotifyEscalation (private HTTP function).
resource "google_pubsub_subscription" "escalations_notify" {
  project = var.project_id
  name    = "ticket-escalations-notify"
  topic   = google_pubsub_topic.escalations.id

  # Push delivery waits this long for the function's answer.
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"

  push_config {
    push_endpoint = google_cloudfunctions2_function.notify_escalation.service_config[0].uri

    oidc_token {
      service_account_email = google_service_account.push_escalations.email
      audience              = google_cloudfunctions2_function.notify_escalation.service_config[0].uri
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.escalations_dead_letter.id
    max_delivery_attempts = local.notify_max_delivery_attempts
  }

  # Never expire for inactivity (the default deletes it after 31 idle days).
  expiration_policy {
    ttl = ""
  }

  # The Pub/Sub service agent must be able to forward to the dead-letter topic.
  depends_on = [
    google_pubsub_topic_iam_member.dead_letter_publisher_pubsub_agent,
  ]
}

# Dead-lettered escalations stay here for a week for inspection and replay
# (a topic without a subscription would drop them).
resource "google_pubsub_subscription" "escalations_dead_letter_hold" {
  project = var.project_id
  name    = "ticket-escalations-dead-letter-hold"
  topic   = google_pubsub_topic.escalations_dead_letter.id

  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  retain_acked_messages      = true

  expiration_policy {
    ttl = ""
  }
}

# followup-tick -> FollowUpSweep (private HTTP function). A missed tick is
# harmless (the next one comes 5 minutes later), so no dead letter; ticks
# older than 10 minutes are dropped rather than replayed in bulk.
resource "google_pubsub_subscription" "followup_tick_sweep" {
  project = var.project_id
  name    = "followup-tick-sweep"
  topic   = google_pubsub_topic.followup_tick.id

  ack_deadline_seconds       = 300
  message_retention_duration = "600s"

  push_config {
    push_endpoint = google_cloudfunctions2_function.followup_sweep.service_config[0].uri

    oidc_token {
      service_account_email = google_service_account.push_followup.email
      audience              = google_cloudfunctions2_function.followup_sweep.service_config[0].uri
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "120s"
  }

  expiration_policy {
    ttl = ""
  }
}

# knowledge-resync -> ResyncKnowledgeSources (private HTTP function). A missed
# day is harmless (the next day's tick asks again, and an operator can set
# resync: true at any time), so no dead letter; a tick is retried for an hour at
# most, then dropped.
resource "google_pubsub_subscription" "knowledge_resync_sync" {
  project = var.project_id
  name    = "knowledge-resync-sync"
  topic   = google_pubsub_topic.knowledge_resync.id

  ack_deadline_seconds       = 300
  message_retention_duration = "3600s"

  push_config {
    push_endpoint = google_cloudfunctions2_function.resync_knowledge_sources.service_config[0].uri

    oidc_token {
      service_account_email = google_service_account.push_knowledge_resync.email
      audience              = google_cloudfunctions2_function.resync_knowledge_sources.service_config[0].uri
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  expiration_policy {
    ttl = ""
  }
}
