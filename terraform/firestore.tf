# Firestore (Native mode): the database, the composite indexes the queries
# need, and the TTL policy that expires old run claims.

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

# FollowUpSweep: due follow-ups of an instance.
#   tickets where instance == X and status in [...] order by followUp.dueAt
resource "google_firestore_index" "tickets_instance_status_followup_due" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "tickets"
  query_scope = "COLLECTION"

  fields {
    field_path = "instance"
    order      = "ASCENDING"
  }
  fields {
    field_path = "status"
    order      = "ASCENDING"
  }
  fields {
    field_path = "followUp.dueAt"
    order      = "ASCENDING"
  }
}

# FollowUpSweep: SLA breaches, stuck and auto-close candidates, oldest first.
#   tickets where status == X order by updatedAt
resource "google_firestore_index" "tickets_status_updated" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "tickets"
  query_scope = "COLLECTION"

  fields {
    field_path = "status"
    order      = "ASCENDING"
  }
  fields {
    field_path = "updatedAt"
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

# NotifyEscalation and Metrics: escalations of a ticket in order.
#   escalations where ticketId == X order by createdAt
resource "google_firestore_index" "escalations_ticket_created" {
  project     = var.project_id
  database    = google_firestore_database.main.name
  collection  = "escalations"
  query_scope = "COLLECTION"

  fields {
    field_path = "ticketId"
    order      = "ASCENDING"
  }
  fields {
    field_path = "createdAt"
    order      = "ASCENDING"
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
