// Run: npm ci --prefix dev/terraform-check && node --test dev/terraform-check/
//
// 1. The real terraform/ tree must be free of problems.
// 2. Every fixture in fixtures/<case>/ (broken copies of, or additions to, the
//    real files) must produce exactly the one problem its case.json expects,
//    which proves that each check can fail.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import {
  CODE_FIXTURE_DIR,
  FIXTURES_DIR,
  LOCAL_ONLY_ENV,
  PLATFORM_ENV,
  REPO_ROOT,
  SCHEMA_PATH,
  TERRAFORM_DIR,
  checkAll,
  checkCodeConsistency,
  checkDocs,
  checkFormat,
  loadSchema,
  parseTerraform,
  readTerraformDir,
  resolveCodeDirs,
  scanJavaCode,
} from "./check.mjs";

const schema = loadSchema();
const codeDirs = resolveCodeDirs();
if (codeDirs.fallback) console.log(codeDirs.note);
const code = { ...scanJavaCode(codeDirs), pending: codeDirs.pending ?? {} };
for (const [fqcn, { why }] of Object.entries(code.pending)) console.log(`NOTE: ${fqcn} is deployed by terraform/ but not built yet (${why})`);
const realFiles = readTerraformDir(TERRAFORM_DIR);

test("the provider schema is the in-repo 6.50.0 subset, with the one google-beta type used", () => {
  assert.equal(path.dirname(SCHEMA_PATH), path.join(REPO_ROOT, "dev/terraform-check"), "a clone alone must pass");
  assert.ok(fs.existsSync(SCHEMA_PATH), `missing ${SCHEMA_PATH}`);
  assert.ok(Object.keys(schema.resources).length >= 30);
  assert.ok(schema.resources.google_cloudfunctions2_function);
  assert.ok(schema.resources.google_storage_bucket_iam_member);
  assert.equal(schema.resources.google_project_service_identity, undefined);
  assert.ok(schema.beta.resources.google_project_service_identity.block.attributes.service.required);
});

test("terraform/ has the expected files", () => {
  for (const name of [
    "versions.tf",
    "variables.tf",
    "apis.tf",
    "firestore.tf",
    "pubsub.tf",
    "secrets.tf",
    "iam.tf",
    "storage.tf",
    "scheduler.tf",
    "monitoring.tf",
    "outputs.tf",
    "function_evolution_webhook.tf",
    "function_process_message.tf",
    "function_notify_escalation.tf",
    "function_followup_sweep.tf",
    "function_metrics.tf",
    "function_ticket_edited.tf",
    "function_sync_knowledge_source.tf",
    "function_resync_knowledge_sources.tf",
  ]) {
    assert.ok(realFiles.has(name), `terraform/${name} is missing`);
  }
  assert.ok(fs.existsSync(path.join(TERRAFORM_DIR, "terraform.tfvars.example")));
});

test("terraform.tfvars.example parses, is fmt-clean and sets only declared variables", async () => {
  const name = "terraform.tfvars.example";
  const src = fs.readFileSync(path.join(TERRAFORM_DIR, name), "utf8");
  const { modules, problems } = await parseTerraform(new Map([[name, src]]));
  assert.deepEqual(problems, []);
  assert.deepEqual(await checkFormat(new Map([[name, src]])), []);
  const { modules: real } = await parseTerraform(realFiles);
  const declared = new Set(real.flatMap(({ json }) => Object.keys(json.variable ?? {})));
  for (const key of Object.keys(modules[0].json)) assert.ok(declared.has(key), `${name} sets undeclared variable ${key}`);
  for (const required of ["project_id", "evolution_api_url"]) assert.ok(required in modules[0].json, `${name} lacks ${required}`);
});

test("the real terraform/ tree passes every check", async () => {
  const problems = await checkAll({ files: realFiles, schema, code });
  assert.deepEqual(problems, []);
});

test("the code scan finds the five entry points and the env names", () => {
  const entryPoints = code.entryPoints.map((e) => e.fqcn).sort();
  for (const fqcn of [
    "atende.functions.EvolutionWebhook",
    "atende.functions.FollowUpSweep",
    "atende.functions.Metrics",
    "atende.functions.NotifyEscalation",
    "atende.functions.ProcessMessage",
  ]) {
    assert.ok(entryPoints.includes(fqcn) || code.pending[fqcn], `${fqcn} not found in ${codeDirs.entryPointDir} nor pending`);
  }
  if (codeDirs.fallback) {
    assert.ok(code.envNames.has("EVOLUTION_API_KEY"));
    assert.ok(code.envNames.has("FIRESTORE_EMULATOR_HOST"));
  }
});

test("a function class that no function deploys is reported", async () => {
  const { modules } = await parseTerraform(realFiles);
  const extra = {
    entryPoints: [...code.entryPoints, { fqcn: "atende.functions.KnowledgeIndexer", file: "KnowledgeIndexer.java" }],
    envNames: code.envNames,
    pending: code.pending,
  };
  assert.deepEqual(checkCodeConsistency(modules, extra), [
    "code: function class atende.functions.KnowledgeIndexer is not deployed by any google_cloudfunctions2_function",
  ]);
});

test("an env var the code reads but no function sets is reported", async () => {
  const { modules } = await parseTerraform(realFiles);
  const envNames = new Map(code.envNames);
  envNames.set("ATENDE_NEW_SETTING", [path.join(CODE_FIXTURE_DIR, "atende/platform/Env.java")]);
  assert.deepEqual(checkCodeConsistency(modules, { entryPoints: code.entryPoints, envNames, pending: code.pending }), [
    "code: reads ATENDE_NEW_SETTING (Env.java) but no function sets it",
  ]);
});

test("pending-functions.json entries are reported once their work has landed or they deploy nothing", async () => {
  const { modules } = await parseTerraform(realFiles);
  // Every deployed entry point has its class and every name terraform sets is read, except what the
  // pending entry says: SyncKnowledgeSource's class is missing, ATENDE_EMBEDDING_MODEL is read already.
  const deployed = modules.flatMap(({ json }) => Object.values(json.resource?.google_cloudfunctions2_function ?? {}))
    .map(([fn]) => fn.build_config[0].entry_point);
  const set = modules.flatMap(({ json }) => Object.values(json.resource?.google_cloudfunctions2_function ?? {}))
    .flatMap(([fn]) => Object.keys(fn.service_config[0].environment_variables));
  const envNames = new Map(code.envNames);
  for (const name of set) if (!envNames.has(name)) envNames.set(name, ["Settings.java"]);
  const entryPoints = deployed.filter((fqcn) => fqcn !== "atende.functions.SyncKnowledgeSource").map((fqcn) => ({ fqcn, file: "X.java" }));
  const pending = {
    "atende.functions.SyncKnowledgeSource": { why: "test", env: ["ATENDE_EMBEDDING_MODEL"] },
    "atende.functions.KnowledgeIndexer": { why: "test" },
  };
  assert.deepEqual(checkCodeConsistency(modules, { entryPoints, envNames, pending }), [
    "dev/terraform-check/pending-functions.json: lists atende.functions.KnowledgeIndexer, which no google_cloudfunctions2_function deploys",
    "code: reads ATENDE_EMBEDDING_MODEL now; remove it from the env of atende.functions.SyncKnowledgeSource in dev/terraform-check/pending-functions.json",
  ]);
});

test("local-only and platform env lists are the documented ones", () => {
  assert.deepEqual(
    [...LOCAL_ONLY_ENV].sort(),
    ["ATENDE_KB_ALLOW_LOOPBACK", "ATENDE_PORT", "FIRESTORE_EMULATOR_HOST", "GOOGLE_API_KEY", "GOOGLE_VERTEX_BASE_URL", "PUBSUB_EMULATOR_HOST", "STORAGE_EMULATOR_HOST"],
  );
  assert.deepEqual([...PLATFORM_ENV], ["JAVA_TOOL_OPTIONS", "LOG_EXECUTION_ID"]);
});

test("the query scan finds the fields the code filters and orders on, literals and constants", () => {
  // Sweep uses literals; MetricsReader uses MetricFields constants, and sums mediaTokens.
  for (const field of ["followUpDueAt", "retentionDueAt", "customerId", "ticketIds", "slaBreached", "escalatedAt", "lastInboundAt", "published", "createdAt", "instance", "direction", "firstResponseAt", "nps", "classificationSource", "type", "mediaUnderstood", "mediaTokens"]) {
    assert.ok(code.queryFields.has(field), `${field} not found among ${[...code.queryFields].sort().join(", ")}`);
  }
  assert.ok(!code.queryFields.has("failedAt"), "a failed notice is shown, never searched for");
});

// --- the deploy guide and the pipeline ------------------------------------------------

const docs = fs.readFileSync(path.join(REPO_ROOT, "docs/deploy.md"), "utf8");
const cloudbuild = fs.readFileSync(path.join(REPO_ROOT, "cloudbuild.yaml"), "utf8");

test("docs/deploy.md and cloudbuild.yaml match the configuration", async () => {
  const { modules } = await parseTerraform(realFiles);
  assert.deepEqual(checkDocs(modules, { docs, cloudbuild }), []);
});

test("the docs check catches names that drifted", async () => {
  const { modules } = await parseTerraform(realFiles);
  const drifted = docs
    .replaceAll("terraform output -raw metrics_url", "terraform output -raw metrics_endpoint")
    .replaceAll("ticket-escalations-dead-letter-hold", "ticket-escalations-dlq");
  const problems = checkDocs(modules, { docs: drifted, cloudbuild: cloudbuild.replace("TF_VAR_region=", "TF_VAR_regions=") });
  assert.deepEqual(problems.sort(), [
    'cloudbuild.yaml: sets TF_VAR_regions but there is no such variable',
    'docs/deploy.md: "terraform output metrics_endpoint" but there is no such output',
    'docs/deploy.md: does not mention google_pubsub_subscription "ticket-escalations-dead-letter-hold"',
  ]);
});

// --- fixtures ------------------------------------------------------------------

const cases = fs
  .readdirSync(FIXTURES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(FIXTURES_DIR, d.name, "case.json")))
  .map((d) => d.name)
  .sort();

test("there are fixtures for every required failure", () => {
  for (const name of [
    "misspelled-attribute",
    "missing-required-attribute",
    "unknown-resource-type",
    "roles-editor",
    "second-public-grant",
    "entry-point-without-class",
    "env-unknown-to-code",
    "build-without-functions-framework-2",
    "log-execution-id-undeclared",
    "sources-kept-forever",
    "build-project-storage-role",
    "service-agent-before-identity",
    "service-identity-google-provider",
    "sweep-gemini-settings",
    "sweep-vertex-role",
    "unused-index",
    "gemini-location-any-region",
    "media-bucket-public",
    "media-bucket-admin-role",
    "vertex-agent-before-identity",
    "embedding-model-differs",
    "knowledge-sync-loopback",
  ]) {
    assert.ok(cases.includes(name), `fixtures/${name} is missing`);
  }
});

for (const name of cases) {
  const dir = path.join(FIXTURES_DIR, name);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "case.json"), "utf8"));

  test(`fixture ${name}: ${spec.description}`, async () => {
    // A fixture breaks the real configuration with "edits" in case.json (each replaces text that occurs
    // exactly once in a real file, so the fixture follows every other change to that file) and/or adds
    // .tf files of its own.
    const files = new Map(realFiles);
    const edits = spec.edits ?? [];
    for (const edit of edits) {
      const real = files.get(edit.file);
      assert.ok(real !== undefined, `fixtures/${name}: terraform/${edit.file} does not exist`);
      const found = real.split(edit.replace).length - 1;
      assert.equal(found, 1, `fixtures/${name}: the text to replace occurs ${found} times in terraform/${edit.file}:\n${edit.replace}`);
      files.set(edit.file, real.replace(edit.replace, () => edit.with));
    }
    const added = readTerraformDir(dir);
    assert.ok(added.size > 0 || edits.length > 0, `fixtures/${name} has neither edits nor a .tf file`);
    for (const [file, src] of added) files.set(file, src);

    const problems = await checkAll({ files, schema, code });
    assert.equal(problems.length, 1, `expected exactly one problem, got:\n${problems.join("\n")}`);
    assert.match(problems[0], new RegExp(`^${spec.expect}$`));
  });
}

test("the repository root is where the check thinks it is", () => {
  assert.ok(fs.existsSync(path.join(REPO_ROOT, "pom.xml")));
});
