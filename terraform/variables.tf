# Input variables. Copy terraform.tfvars.example to terraform.tfvars and edit it.

variable "project_id" {
  description = "Google Cloud project id that hosts Atende (billing must be enabled)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id (6-30 characters: lowercase letters, digits and hyphens, starting with a letter), not a project number or display name."
  }
}

variable "region" {
  description = "Region of the functions, the Scheduler job and the source bucket, e.g. southamerica-east1."
  type        = string
  default     = "southamerica-east1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as southamerica-east1 or us-central1 (not a zone, not a multi-region)."
  }
}

variable "firestore_location" {
  description = "Location of the Firestore database: a region (e.g. southamerica-east1) or a multi-region (nam5, eur3). The Firestore trigger of ProcessMessage uses it as its trigger_region. It cannot be changed after the database exists."
  type        = string
  default     = "southamerica-east1"

  validation {
    condition     = can(regex("^(nam5|nam7|eur3|[a-z]+-[a-z]+[0-9]+)$", var.firestore_location))
    error_message = "firestore_location must be a region such as southamerica-east1 or one of the multi-regions nam5, nam7, eur3."
  }
}

variable "firestore_database_id" {
  description = "Firestore database id; \"(default)\" is the project's default database. The functions receive it as FIRESTORE_DATABASE."
  type        = string
  default     = "(default)"

  validation {
    condition     = can(regex("^(\\(default\\)|[a-z][a-z0-9-]{2,61}[a-z0-9])$", var.firestore_database_id))
    error_message = "firestore_database_id must be \"(default)\" or 4-63 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (functions, service accounts, secrets, bucket, metrics)."
  type        = string
  default     = "atende"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,13}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 4-15 characters of lowercase letters, digits and hyphens, starting with a letter (service account ids allow at most 30 characters)."
  }
}

variable "source_archive_path" {
  description = "Path of the deployable zip built by `mvn -B -DskipTests package` (a zip whose root holds the shaded jar). Empty means ../functions/target/atende-functions-source.zip relative to this directory."
  type        = string
  default     = ""

  validation {
    condition     = var.source_archive_path == "" || can(regex("\\.zip$", var.source_archive_path))
    error_message = "source_archive_path must be empty or point to a .zip file."
  }
}

variable "source_object_override" {
  description = "Rollback switch: name of an archive already in the source bucket (e.g. functions/atende-functions-source-<md5>.zip from `terraform output source_object`) to deploy instead of uploading source_archive_path. Empty = deploy the local build."
  type        = string
  default     = ""

  validation {
    condition     = var.source_object_override == "" || can(regex("^functions/atende-functions-source-[0-9a-f]{32}\\.zip$", var.source_object_override))
    error_message = "source_object_override must be empty or an object name like functions/atende-functions-source-<32 hex md5>.zip."
  }
}

variable "source_retention_days" {
  description = "Days an uploaded source archive stays in the sources bucket before its lifecycle rule deletes it: the rollback window for source_object_override."
  type        = number
  default     = 30

  validation {
    condition     = var.source_retention_days >= 1 && var.source_retention_days <= 365
    error_message = "source_retention_days must be between 1 and 365."
  }
}

variable "media_retention_days" {
  description = "Days a customer's voice note, image or document stays in the media bucket before its lifecycle rule deletes it."
  type        = number
  default     = 30

  validation {
    condition     = var.media_retention_days >= 1 && var.media_retention_days <= 3650
    error_message = "media_retention_days must be between 1 and 3650."
  }
}

variable "gemini_model" {
  description = "Gemini model id on Vertex AI (GEMINI_MODEL)."
  type        = string
  default     = "gemini-3.5-flash"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", var.gemini_model))
    error_message = "gemini_model must be a model id such as gemini-3.5-flash (no publisher or project path)."
  }
}

variable "gemini_location" {
  description = "Vertex AI location for Gemini calls (GOOGLE_CLOUD_LOCATION): global, or the multi-region us or eu to keep ML processing in that jurisdiction. Gemini 3 models are served there, not in every single region."
  type        = string
  default     = "global"

  validation {
    condition     = contains(["global", "us", "eu"], var.gemini_location)
    error_message = "gemini_location must be global, us or eu: the locations that serve Gemini 3 models (google-genai sends us/eu to aiplatform.<loc>.rep.googleapis.com). Single regions such as us-central1 do not serve every Gemini 3 model."
  }
}

variable "embedding_model" {
  description = "Vertex AI text embedding model for knowledge chunks and customer questions (ATENDE_EMBEDDING_MODEL), called in embedding_location. Changing it re-embeds every chunk on its next sync; until then chunks of the old model are not compared with questions of the new one."
  type        = string
  default     = "text-multilingual-embedding-002"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.@-]*[a-z0-9]$", var.embedding_model))
    error_message = "embedding_model must be a model id such as text-multilingual-embedding-002 (no publisher or project path)."
  }
}

variable "embedding_location" {
  description = "Vertex AI region for the embedding model (ATENDE_EMBEDDING_LOCATION): embedding models are regional (Google's global endpoint lists only Gemini models). us-central1 serves every one; southamerica-east1 keeps the processing in Brazil where the model is offered there."
  type        = string
  default     = "us-central1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.embedding_location))
    error_message = "embedding_location must be a Vertex AI region such as us-central1 or southamerica-east1."
  }
}

variable "evolution_api_url" {
  description = "Base URL of the Evolution API v2 server, without a trailing slash, e.g. https://evolution.example.com (EVOLUTION_API_URL)."
  type        = string

  validation {
    condition     = can(regex("^https?://[^\\s/]+(/[^\\s]*[^\\s/])?$", var.evolution_api_url))
    error_message = "evolution_api_url must start with https:// (or http://) and must not end with a slash."
  }
}

variable "evolution_instances" {
  description = "Evolution instance names (tenants) whose webhook should point at Atende; used to build the evolution_webhook_set_command output."
  type        = list(string)
  default     = ["atende"]

  validation {
    condition     = length(var.evolution_instances) > 0 && alltrue([for name in var.evolution_instances : can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", name))])
    error_message = "evolution_instances must list at least one instance name (letters, digits, '_', '.', '-')."
  }
}

variable "crm_webhook_url" {
  description = "Optional CRM endpoint that NotifyEscalation posts escalations to (CRM_WEBHOOK_URL). Empty disables the CRM notification."
  type        = string
  default     = ""

  validation {
    condition     = var.crm_webhook_url == "" || can(regex("^https://[^\\s]+$", var.crm_webhook_url))
    error_message = "crm_webhook_url must be empty or an https:// URL."
  }
}

variable "webhook_max_instances" {
  description = "Maximum instances of the EvolutionWebhook function."
  type        = number
  default     = 20

  validation {
    condition     = var.webhook_max_instances >= 1 && var.webhook_max_instances <= 100
    error_message = "webhook_max_instances must be between 1 and 100."
  }
}

variable "process_max_instances" {
  description = "Maximum instances of the ProcessMessage function (bounds concurrent Gemini calls)."
  type        = number
  default     = 20

  validation {
    condition     = var.process_max_instances >= 1 && var.process_max_instances <= 100
    error_message = "process_max_instances must be between 1 and 100."
  }
}

variable "metrics_invokers" {
  description = "Principals allowed to call the private Metrics function, e.g. [\"user:ops@example.com\", \"group:support-leads@example.com\"]."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.metrics_invokers : can(regex("^(user|group|serviceAccount|domain):[^\\s]+$", m))])
    error_message = "metrics_invokers entries must look like user:x@y, group:x@y, serviceAccount:x@y or domain:y; allUsers and allAuthenticatedUsers are not allowed (only the webhook is public)."
  }
}

variable "notification_channels" {
  description = "Existing Cloud Monitoring notification channels that receive the alerts, as full ids (projects/P/notificationChannels/N). May be empty."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.notification_channels : can(regex("^projects/[^/]+/notificationChannels/[0-9]+$", c))])
    error_message = "notification_channels entries must be full channel ids: projects/PROJECT/notificationChannels/NUMBER."
  }
}

variable "alert_email" {
  description = "Optional e-mail address; when set, an e-mail notification channel is created and added to every alert policy."
  type        = string
  default     = ""

  validation {
    condition     = var.alert_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be empty or an e-mail address."
  }
}

variable "labels" {
  description = "Extra labels added to every resource that supports labels."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.labels : can(regex("^[a-z][a-z0-9_-]{0,62}$", k)) && can(regex("^[a-z0-9_-]{0,63}$", v))])
    error_message = "labels keys must start with a lowercase letter; keys and values may use lowercase letters, digits, '_' and '-' (max 63 characters)."
  }
}
