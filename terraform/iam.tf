# Identities and every IAM grant, in one place so they can be audited.
#
# One runtime service account per function with only what that function does:
#
# | function               | Firestore        | Gemini / Vertex | Pub/Sub                    | secrets                               |
# |------------------------|------------------|-----------------|----------------------------|---------------------------------------|
# | EvolutionWebhook       | datastore.user   | -               | -                          | webhook-token                         |
# | ProcessMessage         | datastore.user   | aiplatform.user | publish ticket-escalations | evolution-api-key                     |
# | NotifyEscalation       | datastore.user   | -               | -                          | evolution-api-key, crm-webhook-secret |
# | FollowUpSweep          | datastore.user   | -               | publish ticket-escalations | evolution-api-key                     |
# | Metrics                | datastore.viewer | -               | -                          | -                                     |
# | TicketEdited           | datastore.user   | -               | publish ticket-escalations | evolution-api-key                     |
# | SyncKnowledgeSource    | datastore.user   | aiplatform.user | -                          | -                                     |
# | ResyncKnowledgeSources | datastore.user   | -               | -                          | -                                     |
#
# (TicketEdited's account and grants are in function_ticket_edited.tf.)
# SyncKnowledgeSource calls Vertex AI only for text embeddings of the chunks.
# Every runtime account also gets roles/logging.logWriter (write-only; the
# functions log structured JSON that the log-based metrics in monitoring.tf read).
# Invokers: allUsers on the webhook only (Evolution cannot send OIDC tokens;
# the code checks a shared token); a dedicated identity per trigger for the
# private functions. No roles/owner or roles/editor anywhere.

# --- Runtime identities ------------------------------------------------------

resource "google_service_account" "webhook" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-webhook"
  display_name = "Atende EvolutionWebhook runtime"
  description  = "Runs EvolutionWebhook: validates Evolution events and stores messages in Firestore."
}

resource "google_service_account" "process_message" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-process"
  display_name = "Atende ProcessMessage runtime"
  description  = "Runs ProcessMessage: AI turn with Gemini, replies through Evolution, publishes escalations."
}

resource "google_service_account" "notify_escalation" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-notify"
  display_name = "Atende NotifyEscalation runtime"
  description  = "Runs NotifyEscalation: notifies the team through Evolution and the CRM webhook."
}

resource "google_service_account" "followup_sweep" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-sweep"
  display_name = "Atende FollowUpSweep runtime"
  description  = "Runs FollowUpSweep: follow-ups, SLA breaches, stuck runs, auto-close."
}

resource "google_service_account" "metrics" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-metrics"
  display_name = "Atende Metrics runtime"
  description  = "Runs Metrics: reads tickets and escalations to compute the seed's metrics."
}

resource "google_service_account" "knowledge_sync" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-kb-sync"
  display_name = "Atende SyncKnowledgeSource runtime"
  description  = "Runs SyncKnowledgeSource: fetches and chunks knowledge sources, embeds the chunks with Vertex AI."
}

resource "google_service_account" "knowledge_resync" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-kb-resync"
  display_name = "Atende ResyncKnowledgeSources runtime"
  description  = "Runs ResyncKnowledgeSources: asks every URL knowledge source to sync again, daily."
}

# --- Trigger and build identities ---------------------------------------------

# Eventarc uses it to deliver Firestore events to ProcessMessage.
resource "google_service_account" "process_message_trigger" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-process-trg"
  display_name = "Atende ProcessMessage Firestore trigger"
  description  = "Identity of the Eventarc trigger that invokes ProcessMessage."
}

# Eventarc uses it to deliver knowledgeSources events to SyncKnowledgeSource.
resource "google_service_account" "knowledge_sync_trigger" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-kb-sync-trg"
  display_name = "Atende SyncKnowledgeSource Firestore trigger"
  description  = "Identity of the Eventarc trigger that invokes SyncKnowledgeSource."
}

# Pub/Sub signs the OIDC token of the ticket-escalations push with it.
resource "google_service_account" "push_escalations" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-push-esc"
  display_name = "Atende ticket-escalations push"
  description  = "OIDC identity of the ticket-escalations push subscription to NotifyEscalation."
}

# Pub/Sub signs the OIDC token of the followup-tick push with it.
resource "google_service_account" "push_followup" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-push-tick"
  display_name = "Atende followup-tick push"
  description  = "OIDC identity of the followup-tick push subscription to FollowUpSweep."
}

# Pub/Sub signs the OIDC token of the knowledge-resync push with it.
resource "google_service_account" "push_knowledge_resync" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-push-kb"
  display_name = "Atende knowledge-resync push"
  description  = "OIDC identity of the knowledge-resync push subscription to ResyncKnowledgeSources."
}

# Cloud Build runs the function builds as this account (new projects no longer
# give the default compute account build permissions).
resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-build"
  display_name = "Atende function builds"
  description  = "Builds the function images from the source archive."
}

# --- Project-level roles --------------------------------------------------------

locals {
  project_roles = {
    "webhook-datastore-user"    = { member = google_service_account.webhook.member, role = "roles/datastore.user" }
    "webhook-log-writer"        = { member = google_service_account.webhook.member, role = "roles/logging.logWriter" }
    "process-datastore-user"    = { member = google_service_account.process_message.member, role = "roles/datastore.user" }
    "process-aiplatform-user"   = { member = google_service_account.process_message.member, role = "roles/aiplatform.user" }
    "process-log-writer"        = { member = google_service_account.process_message.member, role = "roles/logging.logWriter" }
    "notify-datastore-user"     = { member = google_service_account.notify_escalation.member, role = "roles/datastore.user" }
    "notify-log-writer"         = { member = google_service_account.notify_escalation.member, role = "roles/logging.logWriter" }
    "sweep-datastore-user"      = { member = google_service_account.followup_sweep.member, role = "roles/datastore.user" }
    "sweep-log-writer"          = { member = google_service_account.followup_sweep.member, role = "roles/logging.logWriter" }
    "metrics-datastore-viewer"  = { member = google_service_account.metrics.member, role = "roles/datastore.viewer" }
    "metrics-log-writer"        = { member = google_service_account.metrics.member, role = "roles/logging.logWriter" }
    "kb-sync-datastore-user"    = { member = google_service_account.knowledge_sync.member, role = "roles/datastore.user" }
    "kb-sync-aiplatform-user"   = { member = google_service_account.knowledge_sync.member, role = "roles/aiplatform.user" }
    "kb-sync-log-writer"        = { member = google_service_account.knowledge_sync.member, role = "roles/logging.logWriter" }
    "kb-resync-datastore-user"  = { member = google_service_account.knowledge_resync.member, role = "roles/datastore.user" }
    "kb-resync-log-writer"      = { member = google_service_account.knowledge_resync.member, role = "roles/logging.logWriter" }
    "trigger-eventarc-receiver" = { member = google_service_account.process_message_trigger.member, role = "roles/eventarc.eventReceiver" }
    "kb-trigger-event-receiver" = { member = google_service_account.knowledge_sync_trigger.member, role = "roles/eventarc.eventReceiver" }
    "build-log-writer"          = { member = google_service_account.build.member, role = "roles/logging.logWriter" }
    "build-artifactregistry"    = { member = google_service_account.build.member, role = "roles/artifactregistry.writer" }
  }
}

resource "google_project_iam_member" "project_roles" {
  for_each = local.project_roles

  project = var.project_id
  role    = each.value.role
  member  = each.value.member
}

# --- Build: read access to the sources only, no project-wide storage role -------------

# The archive terraform uploads (storage.tf).
resource "google_storage_bucket_iam_member" "build_reads_sources" {
  bucket = google_storage_bucket.sources.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.build.member
}

# Cloud Functions copies the source into its own gcf-v2-sources-NUMBER-REGION bucket and the build
# fetches it from there ("Access to bucket gcf-v2-sources-... denied. You must grant Storage Object
# Viewer permission to <build account>", provider issue #20571). That bucket is created by the
# service on the first deploy, so a bucket-level grant cannot exist before it: the grant is
# project-level but conditioned on that one bucket.
resource "google_project_iam_member" "build_reads_function_staging" {
  project = var.project_id
  role    = "roles/storage.objectViewer"
  member  = google_service_account.build.member

  condition {
    title       = "gcf-v2-sources bucket only"
    description = "The bucket Cloud Functions stages this region's function sources in."
    expression  = "resource.name.startsWith(\"projects/_/buckets/gcf-v2-sources-${data.google_project.this.number}-${var.region}\")"
  }
}

# --- Secrets: accessor per secret, only for the functions that read it ----------

resource "google_secret_manager_secret_iam_member" "webhook_token_webhook" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.webhook_token.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.webhook.member
}

# Only the webhook builds customer ids (atende.conversation.Intake).
resource "google_secret_manager_secret_iam_member" "id_key_webhook" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.id_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.webhook.member
}

resource "google_secret_manager_secret_iam_member" "evolution_api_key_process" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.evolution_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.process_message.member
}

resource "google_secret_manager_secret_iam_member" "evolution_api_key_notify" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.evolution_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.notify_escalation.member
}

resource "google_secret_manager_secret_iam_member" "evolution_api_key_sweep" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.evolution_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.followup_sweep.member
}

resource "google_secret_manager_secret_iam_member" "crm_webhook_secret_notify" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.crm_webhook_secret.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.notify_escalation.member
}

# --- Pub/Sub ------------------------------------------------------------------------

resource "google_pubsub_topic_iam_member" "escalations_publisher_process" {
  project = var.project_id
  topic   = google_pubsub_topic.escalations.name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.process_message.member
}

resource "google_pubsub_topic_iam_member" "escalations_publisher_sweep" {
  project = var.project_id
  topic   = google_pubsub_topic.escalations.name
  role    = "roles/pubsub.publisher"
  member  = google_service_account.followup_sweep.member
}

# Dead-lettering: the Pub/Sub service agent publishes the failed message to the
# dead-letter topic and acknowledges it on the source subscription.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher_pubsub_agent" {
  project = var.project_id
  topic   = google_pubsub_topic.escalations_dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent

  depends_on = [google_project_service_identity.pubsub]
}

resource "google_pubsub_subscription_iam_member" "escalations_subscriber_pubsub_agent" {
  project      = var.project_id
  subscription = google_pubsub_subscription.escalations_notify.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent

  depends_on = [google_project_service_identity.pubsub]
}

# OIDC push (and Eventarc's Pub/Sub transport): the Pub/Sub service agent mints
# tokens for these identities. Projects created after 2021-04-08 already allow
# it through the agent's own role; older projects need this grant. Scoped to
# the push and trigger accounts instead of the whole project.
resource "google_service_account_iam_member" "push_escalations_token_creator" {
  service_account_id = google_service_account.push_escalations.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_service_agent

  depends_on = [google_project_service_identity.pubsub]
}

resource "google_service_account_iam_member" "push_followup_token_creator" {
  service_account_id = google_service_account.push_followup.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_service_agent

  depends_on = [google_project_service_identity.pubsub]
}

resource "google_service_account_iam_member" "process_trigger_token_creator" {
  service_account_id = google_service_account.process_message_trigger.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_service_agent

  depends_on = [google_project_service_identity.pubsub]
}

resource "google_service_account_iam_member" "push_knowledge_resync_token_creator" {
  service_account_id = google_service_account.push_knowledge_resync.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_service_agent

  depends_on = [google_project_service_identity.pubsub]
}

resource "google_service_account_iam_member" "knowledge_sync_trigger_token_creator" {
  service_account_id = google_service_account.knowledge_sync_trigger.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_service_agent

  depends_on = [google_project_service_identity.pubsub]
}

# --- Invokers (gen2 functions are Cloud Run services: roles/run.invoker) -------------

# The only public grant: Evolution API cannot authenticate with Google identities.
resource "google_cloud_run_v2_service_iam_member" "webhook_public" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.evolution_webhook.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_v2_service_iam_member" "process_message_trigger_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.process_message.name
  role     = "roles/run.invoker"
  member   = google_service_account.process_message_trigger.member
}

resource "google_cloud_run_v2_service_iam_member" "notify_escalation_push_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.notify_escalation.name
  role     = "roles/run.invoker"
  member   = google_service_account.push_escalations.member
}

resource "google_cloud_run_v2_service_iam_member" "followup_sweep_push_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.followup_sweep.name
  role     = "roles/run.invoker"
  member   = google_service_account.push_followup.member
}

resource "google_cloud_run_v2_service_iam_member" "sync_knowledge_source_trigger_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.sync_knowledge_source.name
  role     = "roles/run.invoker"
  member   = google_service_account.knowledge_sync_trigger.member
}

resource "google_cloud_run_v2_service_iam_member" "resync_knowledge_sources_push_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.resync_knowledge_sources.name
  role     = "roles/run.invoker"
  member   = google_service_account.push_knowledge_resync.member
}

resource "google_cloud_run_v2_service_iam_member" "metrics_invokers" {
  for_each = toset(var.metrics_invokers)

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.metrics.name
  role     = "roles/run.invoker"
  member   = each.value
}

# --- Google-managed service agents ------------------------------------------------------
#
# Enabling an API does not create its service agent at once; a grant to an agent that does not
# exist yet fails ("Service account ... does not exist"). google_project_service_identity creates
# it (Service Usage generateServiceIdentity) and every grant to an agent depends on it. The
# resource exists only in the google-beta provider (hashicorp/google 6.50.0 has no such type).

resource "google_project_service_identity" "pubsub" {
  provider = google-beta

  project = var.project_id
  service = "pubsub.googleapis.com"

  depends_on = [google_project_service.apis]
}

resource "google_project_service_identity" "eventarc" {
  provider = google-beta

  project = var.project_id
  service = "eventarc.googleapis.com"

  depends_on = [google_project_service.apis]
}

# Eventarc first-apply pitfall (provider issue #25294): on a fresh project the first
# Firestore-triggered function often fails with "Permission denied while using the Eventarc
# Service Agent" while the agent's role propagates. Grant the role explicitly, wait, then create
# the function. If an apply still fails with that message, re-run `terraform apply`.

resource "google_project_iam_member" "eventarc_service_agent" {
  project = var.project_id
  role    = "roles/eventarc.serviceAgent"
  member  = local.eventarc_service_agent

  depends_on = [google_project_service_identity.eventarc]
}

resource "time_sleep" "eventarc_agent_ready" {
  create_duration = "90s"

  depends_on = [
    google_project_iam_member.eventarc_service_agent,
    google_project_iam_member.project_roles,
  ]
}
