# Firestore (Native mode): the database, the composite indexes the queries
# need, and the TTL policy that expires old run claims. Only composite indexes
# a query of the code needs are declared (dev/terraform-check checks every
# field against the code's queries): equality-only queries (Responder's
# customerId + category count) and single-field filters or orders (runs,
# messages, claims) are served by Firestore's automatic single-field indexes.

resource "google_firestore_database" "main" {
  project     = var.project_id
  name        = var.firestore_database_id
  location_id = var.firestore_location
  type        = "FIRESTORE_NATIVE"

  # Customer conversations live here: never delete them with the configuration.
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  deletion_policy         = "ABANDON"

  depends_on = [google_project_service.apis]
}

# FollowUpSweep (shared/src/main/java/atende/followup/Sweep.java). Every field
# it filters or orders on is top-level: the emulator the tests run on cannot
# filter on a dotted path (followUp.dueAt, escalation.at), so the write side
# keeps mirrors (followUpDueAt, escalatedAt, slaBreached, published).

# Due follow-ups, oldest first.
#   tickets where status == "waiting_customer" and followUpDueAt <= now order by followUpDueAt
resource "google_firestore_index" "tickets_status_followup_due" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "tickets"
  query_scope = "COLLECTION"

  fields {
    field_path = "status"
    order      = "ASCENDING"
  }
  fields {
    field_path = "followUpDueAt"
    order      = "ASCENDING"
  }
}

# Metrics' knowledge gaps of one instance, most asked first (without an instance,
# the automatic index on count serves the query).
#   knowledgeGaps where instance == X order by count desc
resource "google_firestore_index" "knowledge_gaps_instance_count" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "knowledgeGaps"
  query_scope = "COLLECTION"

  fields {
    field_path = "instance"
    order      = "ASCENDING"
  }
  fields {
    field_path = "count"
    order      = "DESCENDING"
  }
}

# SLA breaches: escalated tickets nobody took over, not yet flagged, oldest first.
#   tickets where status == "escalated" and slaBreached == false and escalatedAt <= X order by escalatedAt
resource "google_firestore_index" "tickets_status_sla_escalated" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "tickets"
  query_scope = "COLLECTION"

  fields {
    field_path = "status"
    order      = "ASCENDING"
  }
  fields {
    field_path = "slaBreached"
    order      = "ASCENDING"
  }
  fields {
    field_path = "escalatedAt"
    order      = "ASCENDING"
  }
}

# Stuck runs and unanswered messages: open tickets by last customer message, newest first.
#   tickets where status == "open" and X <= lastInboundAt <= Y order by lastInboundAt desc
resource "google_firestore_index" "tickets_status_last_inbound" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "tickets"
  query_scope = "COLLECTION"

  fields {
    field_path = "status"
    order      = "ASCENDING"
  }
  fields {
    field_path = "lastInboundAt"
    order      = "DESCENDING"
  }
}

# Escalations whose publish failed, oldest first.
#   escalations where published == false and createdAt <= X order by createdAt
resource "google_firestore_index" "escalations_published_created" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "escalations"
  query_scope = "COLLECTION"

  fields {
    field_path = "published"
    order      = "ASCENDING"
  }
  fields {
    field_path = "createdAt"
    order      = "ASCENDING"
  }
}

# Metrics: tickets of an instance in creation order.
#   tickets where instance == X order by createdAt
resource "google_firestore_index" "tickets_instance_created" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "tickets"
  query_scope = "COLLECTION"

  fields {
    field_path = "instance"
    order      = "ASCENDING"
  }
  fields {
    field_path = "createdAt"
    order      = "ASCENDING"
  }
}

# Metrics: every other index its queries need (shared/.../metrics/MetricsReader.java).
#   count():  tickets where [instance ==] [category | priority ==] <own> and createdAt in the window,
#             <own> = nothing | escalated == true | resolvedBy in [..] | resolvedBy in [..] and
#             escalated == true | classificationSource == / in [..] | nps in [0..10]
#             (instance alone is tickets_instance_created above; createdAt alone is a single-field index)
#   count():  messageKeys where [instance ==] direction == inbound and createdAt in the window
#   count():  messageKeys where [instance ==] direction == inbound and type == <media type>
#             [and mediaUnderstood == true | false] and createdAt in the window
#   sum(mediaTokens): messageKeys where [instance ==] direction == inbound and type == <media type> and
#             createdAt in the window; sum() reads the summed field from the index, so it comes last
#             (pessimistic: Firestore asks for an index holding every aggregated field, firebase/flutterfire#12193)
#   read:     tickets where instance == X and firstResponseAt in the window
# Fields are listed in the order the reader adds its filters, the range field last.
locals {
  metrics_indexes = {
    "tickets-escalated"                                   = { collection = "tickets", fields = ["escalated", "createdAt"] }
    "tickets-resolvedBy"                                  = { collection = "tickets", fields = ["resolvedBy", "createdAt"] }
    "tickets-resolvedBy-escalated"                        = { collection = "tickets", fields = ["resolvedBy", "escalated", "createdAt"] }
    "tickets-classificationSource"                        = { collection = "tickets", fields = ["classificationSource", "createdAt"] }
    "tickets-nps"                                         = { collection = "tickets", fields = ["nps", "createdAt"] }
    "tickets-category"                                    = { collection = "tickets", fields = ["category", "createdAt"] }
    "tickets-category-escalated"                          = { collection = "tickets", fields = ["category", "escalated", "createdAt"] }
    "tickets-category-resolvedBy"                         = { collection = "tickets", fields = ["category", "resolvedBy", "createdAt"] }
    "tickets-category-resolvedBy-escalated"               = { collection = "tickets", fields = ["category", "resolvedBy", "escalated", "createdAt"] }
    "tickets-category-classificationSource"               = { collection = "tickets", fields = ["category", "classificationSource", "createdAt"] }
    "tickets-priority"                                    = { collection = "tickets", fields = ["priority", "createdAt"] }
    "tickets-priority-escalated"                          = { collection = "tickets", fields = ["priority", "escalated", "createdAt"] }
    "tickets-priority-resolvedBy"                         = { collection = "tickets", fields = ["priority", "resolvedBy", "createdAt"] }
    "tickets-priority-resolvedBy-escalated"               = { collection = "tickets", fields = ["priority", "resolvedBy", "escalated", "createdAt"] }
    "tickets-priority-classificationSource"               = { collection = "tickets", fields = ["priority", "classificationSource", "createdAt"] }
    "tickets-instance-escalated"                          = { collection = "tickets", fields = ["instance", "escalated", "createdAt"] }
    "tickets-instance-resolvedBy"                         = { collection = "tickets", fields = ["instance", "resolvedBy", "createdAt"] }
    "tickets-instance-resolvedBy-escalated"               = { collection = "tickets", fields = ["instance", "resolvedBy", "escalated", "createdAt"] }
    "tickets-instance-classificationSource"               = { collection = "tickets", fields = ["instance", "classificationSource", "createdAt"] }
    "tickets-instance-nps"                                = { collection = "tickets", fields = ["instance", "nps", "createdAt"] }
    "tickets-instance-category"                           = { collection = "tickets", fields = ["instance", "category", "createdAt"] }
    "tickets-instance-category-escalated"                 = { collection = "tickets", fields = ["instance", "category", "escalated", "createdAt"] }
    "tickets-instance-category-resolvedBy"                = { collection = "tickets", fields = ["instance", "category", "resolvedBy", "createdAt"] }
    "tickets-instance-category-resolvedBy-escalated"      = { collection = "tickets", fields = ["instance", "category", "resolvedBy", "escalated", "createdAt"] }
    "tickets-instance-category-classificationSource"      = { collection = "tickets", fields = ["instance", "category", "classificationSource", "createdAt"] }
    "tickets-instance-priority"                           = { collection = "tickets", fields = ["instance", "priority", "createdAt"] }
    "tickets-instance-priority-escalated"                 = { collection = "tickets", fields = ["instance", "priority", "escalated", "createdAt"] }
    "tickets-instance-priority-resolvedBy"                = { collection = "tickets", fields = ["instance", "priority", "resolvedBy", "createdAt"] }
    "tickets-instance-priority-resolvedBy-escalated"      = { collection = "tickets", fields = ["instance", "priority", "resolvedBy", "escalated", "createdAt"] }
    "tickets-instance-priority-classificationSource"      = { collection = "tickets", fields = ["instance", "priority", "classificationSource", "createdAt"] }
    "tickets-instance-firstResponseAt"                    = { collection = "tickets", fields = ["instance", "firstResponseAt"] }
    "messageKeys-direction"                               = { collection = "messageKeys", fields = ["direction", "createdAt"] }
    "messageKeys-instance-direction"                      = { collection = "messageKeys", fields = ["instance", "direction", "createdAt"] }
    "messageKeys-direction-type"                          = { collection = "messageKeys", fields = ["direction", "type", "createdAt"] }
    "messageKeys-direction-type-mediaUnderstood"          = { collection = "messageKeys", fields = ["direction", "type", "mediaUnderstood", "createdAt"] }
    "messageKeys-direction-type-mediaTokens"              = { collection = "messageKeys", fields = ["direction", "type", "createdAt", "mediaTokens"] }
    "messageKeys-instance-direction-type"                 = { collection = "messageKeys", fields = ["instance", "direction", "type", "createdAt"] }
    "messageKeys-instance-direction-type-mediaUnderstood" = { collection = "messageKeys", fields = ["instance", "direction", "type", "mediaUnderstood", "createdAt"] }
    "messageKeys-instance-direction-type-mediaTokens"     = { collection = "messageKeys", fields = ["instance", "direction", "type", "createdAt", "mediaTokens"] }
  }
}

# Building many indexes at once can meet 409 contention; the provider retries it, and a
# re-run of `terraform apply` finishes what remains.
resource "google_firestore_index" "metrics" {
  for_each = local.metrics_indexes

  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = each.value.collection
  query_scope = "COLLECTION"

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path = fields.value
      order      = "ASCENDING"
    }
  }
}

# TTL on tickets/{t}/runs/{r}.expireAt. A TTL policy applies to a collection
# group id, so "runs" covers every ticket's runs subcollection. The empty
# index_config drops the single-field indexes on expireAt, as recommended for
# TTL fields (a monotonically growing timestamp index is a write hotspot).
resource "google_firestore_field" "runs_expire_at_ttl" {
  project    = var.project_id
  database   = google_firestore_database.main.name
  collection = "runs"
  field      = "expireAt"

  ttl_config {}
  index_config {}
}

# TTL on the flood guard's counters (shared/src/main/java/atende/guard/ModelBudget.java):
# budgets/{window} (a customer's notice claim of the hour) and budgets/{window}/slots/{n}
# (one per counted turn) carry expireAt, a day after their clock hour or minute. The bound
# is kept by the slot numbers, not by deletion: TTL only clears windows nobody reads again.
resource "google_firestore_field" "guard_expire_at_ttl" {
  for_each   = toset(["budgets", "slots"])
  project    = var.project_id
  database   = google_firestore_database.main.name
  collection = each.value
  field      = "expireAt"

  ttl_config {}
  index_config {}
}
