# The bucket that holds the deployable archives, and the archive of this build.
#
# `mvn -B -DskipTests package` writes functions/target/atende-functions-source.zip:
# a zip whose root holds the single shaded jar, which is how a gen2 java21
# function deploys a prebuilt jar. The object name carries the archive's MD5,
# so a new build is a new object and every function redeploys; an unchanged
# build is a no-op: the build is reproducible (project.build.outputTimestamp in
# pom.xml, fixed zip entry times), so unchanged sources give the same bytes.

locals {
  source_archive_path = var.source_archive_path != "" ? var.source_archive_path : "${path.module}/../functions/target/atende-functions-source.zip"

  # What the functions deploy: the fresh upload, or an older archive for a rollback.
  source_object = var.source_object_override != "" ? var.source_object_override : one(google_storage_bucket_object.source[*].name)
}

resource "google_storage_bucket" "sources" {
  project  = var.project_id
  name     = "${var.project_id}-${var.name_prefix}-sources"
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  # Every build with new content uploads a new object; old ones go after source_retention_days
  # (the rollback window). Running functions never read it again (they run the image built from
  # it); if the live archive itself expires, the next apply uploads the same content under the
  # same name and no function changes.
  lifecycle_rule {
    condition {
      age = var.source_retention_days
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_object" "source" {
  count = var.source_object_override == "" ? 1 : 0

  bucket       = google_storage_bucket.sources.name
  name         = "functions/atende-functions-source-${filemd5(local.source_archive_path)}.zip"
  source       = local.source_archive_path
  content_type = "application/zip"

  # Keep superseded archives in the bucket (until the lifecycle rule above deletes them) so a
  # rollback can point source_object_override at one of them (docs/deploy.md, "Roll back").
  deletion_policy = "ABANDON"
}
