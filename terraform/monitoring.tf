# Monitoring as code: log-based metrics from the functions' structured JSON
# logs, a dashboard with the seed's panels (section 11.2.3) and alert policies
# with the seed's thresholds (section 11.1.1 / 11.2.2).
#
# Log contract the code must honour (one JSON line per event on stdout;
# docs/deploy.md "Monitoring"):
#   jsonPayload.event      "turn.completed" | "reply.sent" | "ticket.opened" |
#                          "ticket.escalated" | "ticket.resolved" | "message.failed"
#   jsonPayload.latencyMs        turn.completed: duration of the AI turn
#   jsonPayload.firstResponseMs  reply.sent, first reply of a ticket only:
#                                first inbound message -> first reply
#   jsonPayload.category, jsonPayload.priority   where known
#   jsonPayload.resolvedBy       ticket.resolved: "ai" | "human"
#   severity ERROR (or higher) for failures (message.failed included)
#   "guard.rate_limited" | "guard.instance_ceiling"   a flood held back (README "Floods")
#   "erasure.failed"                                   an LGPD erasure that did not complete

locals {
  # Gen2 functions log as Cloud Run revisions named after the function.
  log_scope = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.name_prefix}-\""

  user_metric_prefix = "logging.googleapis.com/user"

  alert_channels = concat(var.notification_channels, google_monitoring_notification_channel.email[*].name)
}

# --- Log-based metrics ----------------------------------------------------------

# Response time of the AI: first inbound message -> first reply (seed: < 30 s, alert > 60 s).
resource "google_logging_metric" "first_response" {
  project         = var.project_id
  name            = "${var.name_prefix}/first_response"
  description     = "Time from a ticket's first customer message to its first reply (ms)."
  filter          = "${local.log_scope} AND jsonPayload.event=\"reply.sent\" AND jsonPayload.firstResponseMs:*"
  value_extractor = "EXTRACT(jsonPayload.firstResponseMs)"
  label_extractors = {
    category = "EXTRACT(jsonPayload.category)"
  }

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "DISTRIBUTION"
    unit         = "ms"
    display_name = "Atende first response time"

    labels {
      key         = "category"
      value_type  = "STRING"
      description = "Ticket category"
    }
  }

  bucket_options {
    explicit_buckets {
      bounds = [1000, 2000, 3000, 5000, 8000, 13000, 20000, 30000, 45000, 60000, 90000, 120000, 300000, 600000]
    }
  }
}

# Duration of one AI turn (debounce excluded).
resource "google_logging_metric" "turn_latency" {
  project         = var.project_id
  name            = "${var.name_prefix}/turn_latency"
  description     = "Duration of an AI turn (ms)."
  filter          = "${local.log_scope} AND jsonPayload.event=\"turn.completed\""
  value_extractor = "EXTRACT(jsonPayload.latencyMs)"
  label_extractors = {
    category = "EXTRACT(jsonPayload.category)"
    priority = "EXTRACT(jsonPayload.priority)"
  }

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "DISTRIBUTION"
    unit         = "ms"
    display_name = "Atende AI turn latency"

    labels {
      key         = "category"
      value_type  = "STRING"
      description = "Ticket category"
    }
    labels {
      key         = "priority"
      value_type  = "STRING"
      description = "Ticket priority"
    }
  }

  bucket_options {
    explicit_buckets {
      bounds = [250, 500, 1000, 2000, 3000, 5000, 8000, 13000, 20000, 30000, 60000, 120000]
    }
  }
}

# Throughput and error rate: every handled inbound turn ends as one of these.
resource "google_logging_metric" "turn_outcomes" {
  project     = var.project_id
  name        = "${var.name_prefix}/turn_outcomes"
  description = "AI turns by outcome: turn.completed or message.failed."
  filter      = "${local.log_scope} AND (jsonPayload.event=\"turn.completed\" OR jsonPayload.event=\"message.failed\")"
  label_extractors = {
    outcome  = "EXTRACT(jsonPayload.event)"
    category = "EXTRACT(jsonPayload.category)"
  }

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Atende AI turns"

    labels {
      key         = "outcome"
      value_type  = "STRING"
      description = "turn.completed or message.failed"
    }
    labels {
      key         = "category"
      value_type  = "STRING"
      description = "Ticket category"
    }
  }
}

resource "google_logging_metric" "tickets_opened" {
  project     = var.project_id
  name        = "${var.name_prefix}/tickets_opened"
  description = "Tickets opened (denominator of the escalation rate)."
  filter      = "${local.log_scope} AND jsonPayload.event=\"ticket.opened\""

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Atende tickets opened"
  }
}

resource "google_logging_metric" "tickets_resolved" {
  project     = var.project_id
  name        = "${var.name_prefix}/tickets_resolved"
  description = "Tickets resolved, by who resolved them (ai or human) and category."
  filter      = "${local.log_scope} AND jsonPayload.event=\"ticket.resolved\""
  label_extractors = {
    resolved_by = "EXTRACT(jsonPayload.resolvedBy)"
    category    = "EXTRACT(jsonPayload.category)"
  }

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Atende tickets resolved"

    labels {
      key         = "resolved_by"
      value_type  = "STRING"
      description = "ai or human"
    }
    labels {
      key         = "category"
      value_type  = "STRING"
      description = "Ticket category"
    }
  }
}

resource "google_logging_metric" "escalations" {
  project     = var.project_id
  name        = "${var.name_prefix}/escalations"
  description = "Tickets escalated to a human, by category and priority."
  filter      = "${local.log_scope} AND jsonPayload.event=\"ticket.escalated\""
  label_extractors = {
    category = "EXTRACT(jsonPayload.category)"
    priority = "EXTRACT(jsonPayload.priority)"
  }

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Atende escalations"

    labels {
      key         = "category"
      value_type  = "STRING"
      description = "Ticket category"
    }
    labels {
      key         = "priority"
      value_type  = "STRING"
      description = "Ticket priority"
    }
  }
}

resource "google_logging_metric" "errors" {
  project     = var.project_id
  name        = "${var.name_prefix}/errors"
  description = "Log entries with severity ERROR or higher, by function and event."
  filter      = "${local.log_scope} AND severity>=ERROR"
  label_extractors = {
    function = "EXTRACT(resource.labels.service_name)"
    event    = "EXTRACT(jsonPayload.event)"
  }

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Atende errors"

    labels {
      key         = "function"
      value_type  = "STRING"
      description = "Function (Cloud Run service) name"
    }
    labels {
      key         = "event"
      value_type  = "STRING"
      description = "jsonPayload.event of the failing entry, if any"
    }
  }
}

# The guards of issue #14: floods held back, erasures that failed, messages that ended failed.
resource "google_logging_metric" "guard_events" {
  project     = var.project_id
  name        = "${var.name_prefix}/guard_events"
  description = "Flood rejections, failed erasures and failed messages, by event."
  filter      = "${local.log_scope} AND (jsonPayload.event=\"guard.rate_limited\" OR jsonPayload.event=\"guard.instance_ceiling\" OR jsonPayload.event=\"erasure.failed\" OR jsonPayload.event=\"message.failed\")"
  label_extractors = {
    event = "EXTRACT(jsonPayload.event)"
  }

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Atende guard events"

    labels {
      key         = "event"
      value_type  = "STRING"
      description = "guard.rate_limited, guard.instance_ceiling, erasure.failed or message.failed"
    }
  }
}

# --- Dashboard (the seed's panels) --------------------------------------------

resource "google_monitoring_dashboard" "atende" {
  project = var.project_id

  dashboard_json = jsonencode({
    displayName = "Atende - WhatsApp support agent"
    mosaicLayout = {
      columns = 48
      tiles = [
        {
          xPos   = 0
          yPos   = 0
          width  = 24
          height = 16
          widget = {
            title = "Response time: first response (seed: target < 30 s, alert > 60 s)"
            xyChart = {
              dataSets = [
                {
                  legendTemplate = "first response p50"
                  plotType       = "LINE"
                  timeSeriesQuery = {
                    timeSeriesFilter = {
                      filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.first_response.name}\""
                      aggregation = {
                        alignmentPeriod    = "300s"
                        perSeriesAligner   = "ALIGN_DELTA"
                        crossSeriesReducer = "REDUCE_PERCENTILE_50"
                      }
                    }
                  }
                },
                {
                  legendTemplate = "first response p95"
                  plotType       = "LINE"
                  timeSeriesQuery = {
                    timeSeriesFilter = {
                      filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.first_response.name}\""
                      aggregation = {
                        alignmentPeriod    = "300s"
                        perSeriesAligner   = "ALIGN_DELTA"
                        crossSeriesReducer = "REDUCE_PERCENTILE_95"
                      }
                    }
                  }
                },
                {
                  legendTemplate = "AI turn p95"
                  plotType       = "LINE"
                  timeSeriesQuery = {
                    timeSeriesFilter = {
                      filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.turn_latency.name}\""
                      aggregation = {
                        alignmentPeriod    = "300s"
                        perSeriesAligner   = "ALIGN_DELTA"
                        crossSeriesReducer = "REDUCE_PERCENTILE_95"
                      }
                    }
                  }
                },
              ]
              thresholds = [{ value = 60000, label = "alert: 60 s" }]
              yAxis      = { label = "ms", scale = "LINEAR" }
            }
          }
        },
        {
          xPos   = 24
          yPos   = 0
          width  = 24
          height = 16
          widget = {
            title = "Resolution by category (ai / human, per hour)"
            xyChart = {
              dataSets = [
                {
                  plotType = "STACKED_BAR"
                  timeSeriesQuery = {
                    timeSeriesFilter = {
                      filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.tickets_resolved.name}\""
                      aggregation = {
                        alignmentPeriod    = "3600s"
                        perSeriesAligner   = "ALIGN_DELTA"
                        crossSeriesReducer = "REDUCE_SUM"
                        groupByFields      = ["metric.label.category", "metric.label.resolved_by"]
                      }
                    }
                  }
                },
              ]
              yAxis = { label = "tickets", scale = "LINEAR" }
            }
          }
        },
        {
          xPos   = 0
          yPos   = 16
          width  = 24
          height = 16
          widget = {
            title = "Throughput: AI turns per minute by outcome"
            xyChart = {
              dataSets = [
                {
                  plotType = "STACKED_AREA"
                  timeSeriesQuery = {
                    timeSeriesFilter = {
                      filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.turn_outcomes.name}\""
                      aggregation = {
                        alignmentPeriod    = "60s"
                        perSeriesAligner   = "ALIGN_DELTA"
                        crossSeriesReducer = "REDUCE_SUM"
                        groupByFields      = ["metric.label.outcome"]
                      }
                    }
                  }
                },
              ]
              yAxis = { label = "turns/min", scale = "LINEAR" }
            }
          }
        },
        {
          xPos   = 24
          yPos   = 16
          width  = 24
          height = 16
          widget = {
            title = "Escalations per hour by priority"
            xyChart = {
              dataSets = [
                {
                  plotType = "STACKED_BAR"
                  timeSeriesQuery = {
                    timeSeriesFilter = {
                      filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.escalations.name}\""
                      aggregation = {
                        alignmentPeriod    = "3600s"
                        perSeriesAligner   = "ALIGN_DELTA"
                        crossSeriesReducer = "REDUCE_SUM"
                        groupByFields      = ["metric.label.priority"]
                      }
                    }
                  }
                },
              ]
              yAxis = { label = "escalations", scale = "LINEAR" }
            }
          }
        },
        {
          xPos   = 0
          yPos   = 32
          width  = 16
          height = 12
          widget = {
            title = "Auto-resolution rate (seed: target > 40 %, alert < 30 %)"
            scorecard = {
              timeSeriesQuery = {
                timeSeriesFilterRatio = {
                  numerator = {
                    filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.tickets_resolved.name}\" AND metric.label.resolved_by=\"ai\""
                    aggregation = {
                      alignmentPeriod    = "3600s"
                      perSeriesAligner   = "ALIGN_DELTA"
                      crossSeriesReducer = "REDUCE_SUM"
                    }
                  }
                  denominator = {
                    filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.tickets_resolved.name}\""
                    aggregation = {
                      alignmentPeriod    = "3600s"
                      perSeriesAligner   = "ALIGN_DELTA"
                      crossSeriesReducer = "REDUCE_SUM"
                    }
                  }
                }
              }
              thresholds = [{ value = 0.3, direction = "BELOW", color = "RED" }]
            }
          }
        },
        {
          xPos   = 16
          yPos   = 32
          width  = 16
          height = 12
          widget = {
            title = "Escalation rate (seed: target < 20 %, alert > 30 %)"
            scorecard = {
              timeSeriesQuery = {
                timeSeriesFilterRatio = {
                  numerator = {
                    filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.escalations.name}\""
                    aggregation = {
                      alignmentPeriod    = "3600s"
                      perSeriesAligner   = "ALIGN_DELTA"
                      crossSeriesReducer = "REDUCE_SUM"
                    }
                  }
                  denominator = {
                    filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.tickets_opened.name}\""
                    aggregation = {
                      alignmentPeriod    = "3600s"
                      perSeriesAligner   = "ALIGN_DELTA"
                      crossSeriesReducer = "REDUCE_SUM"
                    }
                  }
                }
              }
              thresholds = [{ value = 0.3, direction = "ABOVE", color = "RED" }]
            }
          }
        },
        {
          xPos   = 32
          yPos   = 32
          width  = 16
          height = 12
          widget = {
            title = "Errors per 5 min by function"
            xyChart = {
              dataSets = [
                {
                  plotType = "STACKED_BAR"
                  timeSeriesQuery = {
                    timeSeriesFilter = {
                      filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.errors.name}\""
                      aggregation = {
                        alignmentPeriod    = "300s"
                        perSeriesAligner   = "ALIGN_DELTA"
                        crossSeriesReducer = "REDUCE_SUM"
                        groupByFields      = ["metric.label.function"]
                      }
                    }
                  }
                },
              ]
              yAxis = { label = "errors", scale = "LINEAR" }
            }
          }
        },
      ]
    }
  })
}

# --- Notification channel (optional) -----------------------------------------------

resource "google_monitoring_notification_channel" "email" {
  count = var.alert_email == "" ? 0 : 1

  project      = var.project_id
  display_name = "Atende alerts (${var.alert_email})"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }
}

# --- Alert policies (the seed's thresholds) ----------------------------------------

resource "google_monitoring_alert_policy" "first_response_slow" {
  project               = var.project_id
  display_name          = "Atende: first response > 60 s"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = local.alert_channels

  conditions {
    display_name = "Mean first response time above 60 s for 5 min"

    condition_threshold {
      filter          = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.first_response.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 60000
      duration        = "300s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_MEAN"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Customers wait more than 60 s for the first answer (seed target < 30 s). Check the ProcessMessage logs for slow Gemini calls (turn.completed latencyMs), Evolution send errors and instance limits (process_max_instances)."
  }
}

resource "google_monitoring_alert_policy" "auto_resolution_low" {
  project               = var.project_id
  display_name          = "Atende: auto-resolution < 30 %"
  combiner              = "OR"
  severity              = "CRITICAL"
  notification_channels = local.alert_channels

  conditions {
    display_name = "Share of tickets resolved by the AI below 30 % (1 h windows, 10 min)"

    condition_threshold {
      filter             = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.tickets_resolved.name}\" AND resource.type=\"cloud_run_revision\" AND metric.label.resolved_by=\"ai\""
      denominator_filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.tickets_resolved.name}\" AND resource.type=\"cloud_run_revision\""
      comparison         = "COMPARISON_LT"
      threshold_value    = 0.3
      duration           = "600s"

      aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      denominator_aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Less than 30 % of resolved tickets were resolved by the AI (seed target > 40 %). Review the knowledge base (knowledge/*), the prompts (config/prompts) and the escalation reasons on recent tickets."
  }
}

resource "google_monitoring_alert_policy" "error_rate_high" {
  project               = var.project_id
  display_name          = "Atende: error rate > 10 %"
  combiner              = "OR"
  severity              = "CRITICAL"
  notification_channels = local.alert_channels

  conditions {
    display_name = "Failed AI turns above 10 % of turns for 2 min"

    condition_threshold {
      filter             = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.turn_outcomes.name}\" AND resource.type=\"cloud_run_revision\" AND metric.label.outcome=\"message.failed\""
      denominator_filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.turn_outcomes.name}\" AND resource.type=\"cloud_run_revision\""
      comparison         = "COMPARISON_GT"
      threshold_value    = 0.1
      duration           = "120s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      denominator_aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "More than 10 % of AI turns failed (message.failed). Failed messages carry status failed and an error field in Firestore; check the ERROR entries of the functions (Gemini quota, Evolution instance down, Firestore)."
  }
}

resource "google_monitoring_alert_policy" "escalation_rate_high" {
  project               = var.project_id
  display_name          = "Atende: escalation rate > 30 %"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = local.alert_channels

  conditions {
    display_name = "Escalations above 30 % of opened tickets (1 h windows, 5 min)"

    condition_threshold {
      filter             = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.escalations.name}\" AND resource.type=\"cloud_run_revision\""
      denominator_filter = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.tickets_opened.name}\" AND resource.type=\"cloud_run_revision\""
      comparison         = "COMPARISON_GT"
      threshold_value    = 0.3
      duration           = "300s"

      aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      denominator_aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "More than 30 % of new tickets were escalated to a human (seed target < 20 %). Check the escalation reasons (escalations/*) and whether a policy rule (VIP, negative sentiment, technical keywords) fires too often."
  }
}

# Not in the seed, but an escalation nobody was told about is a silent failure.
resource "google_monitoring_alert_policy" "escalation_dead_lettered" {
  project               = var.project_id
  display_name          = "Atende: escalation notice dead-lettered"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = local.alert_channels

  conditions {
    display_name = "Messages waiting in ${google_pubsub_subscription.escalations_dead_letter_hold.name}"

    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type=\"pubsub_subscription\" AND resource.label.subscription_id=\"${google_pubsub_subscription.escalations_dead_letter_hold.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "NotifyEscalation failed 10 times for at least one escalation, so a human may not know a customer is waiting. Read the messages with `gcloud pubsub subscriptions pull ticket-escalations-dead-letter-hold --limit=10`, fix the cause (NotifyEscalation logs), then acknowledge them."
  }
}

# A flood held back: one number over its hourly budget, or the instance at its per-minute model ceiling.
resource "google_monitoring_alert_policy" "flood_rejections" {
  project               = var.project_id
  display_name          = "Atende: flood rejections"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = local.alert_channels

  conditions {
    display_name = "More than 20 flood rejections in 10 min"

    condition_threshold {
      filter          = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.guard_events.name}\" AND resource.type=\"cloud_run_revision\" AND (metric.label.event=\"guard.rate_limited\" OR metric.label.event=\"guard.instance_ceiling\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 20
      duration        = "0s"

      aggregations {
        alignment_period     = "600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Messages are being held back by the flood guards (README \"Floods\"): a customer over maxModelCallsPerCustomerHour (their messages end skipped, skipReason rate_limited; the team was notified once) or an instance at maxModelCallsPerMinute (answered by the offline engine). Check whether it is a bot or a stuck client, and whether the limits in instances/* fit the traffic."
  }
}

# An LGPD erasure request that did not complete: a legal obligation left open.
resource "google_monitoring_alert_policy" "erasure_failed" {
  project               = var.project_id
  display_name          = "Atende: erasure failed"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = local.alert_channels

  conditions {
    display_name = "An erasure failed"

    condition_threshold {
      filter          = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.guard_events.name}\" AND resource.type=\"cloud_run_revision\" AND metric.label.event=\"erasure.failed\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "An erase: true request on customers/* did not complete (README \"Erasure and retention\"). The customer document shows the erasure status and error; the trigger retries; to run it again, set erase to false and then back to true. The customer's data may still be present until it succeeds."
  }
}

# Messages that ended failed, counted (the error-rate policy above is a share, silent at low traffic).
resource "google_monitoring_alert_policy" "messages_failed" {
  project               = var.project_id
  display_name          = "Atende: messages failed"
  combiner              = "OR"
  severity              = "ERROR"
  notification_channels = local.alert_channels

  conditions {
    display_name = "5 or more failed messages in 10 min"

    condition_threshold {
      filter          = "metric.type=\"${local.user_metric_prefix}/${google_logging_metric.guard_events.name}\" AND resource.type=\"cloud_run_revision\" AND metric.label.event=\"message.failed\""
      comparison      = "COMPARISON_GT"
      threshold_value = 4
      duration        = "0s"

      aggregations {
        alignment_period     = "600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
      }

      trigger {
        count = 1
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Customer messages ended status failed (README \"Outages\"): Evolution refusing sends (the sweep resends while relevant), the model failing, or an internal error. Each failed message has error{code, message} in Firestore and its ticket escalated; check the ERROR entries of the functions."
  }
}
