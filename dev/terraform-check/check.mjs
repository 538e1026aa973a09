// Offline checks of the Terraform configuration in terraform/.
//
// No provider can be downloaded here, so this module does what `terraform fmt`,
// `terraform validate` and a reviewer would catch, using the pinned WASM HCL
// tools and the hashicorp/google 6.50.0 provider schema kept in this directory
// (google-provider-schema.json, see README.md for where it comes from):
//   - every .tf parses and is fmt-clean;
//   - every google resource/data type, attribute and nested block exists in the
//     schema, every required attribute/block is set (recursively), literal enum
//     values are among the schema's "Possible values";
//   - non-google resource types only from an explicit allowlist;
//   - every reference (resource, data source, var, local) is declared;
//   - no roles/owner or roles/editor; only the webhook is public;
//   - the Firestore trigger uses match-path-pattern and the database location;
//   - the functions match the Java code: entry points <-> classes, env vars set
//     <-> env vars read;
//   - production runs what the tests run and plans stay clean: Functions
//     Framework 2 at build time, LOG_EXECUTION_ID declared, old uploads
//     expire, the build account reads only the sources, service agents exist
//     before their grants, only model functions get Gemini settings or Vertex
//     roles and they all embed with one model, every index field is queried by
//     the code, gemini_location only where Gemini 3 is served.
// Every check returns a list of problems (strings); an empty list means clean.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import hcl2json from "@cdktn/hcl2json";
import hclTools from "@cdktn/hcl-tools";

const { parse, getExpressionAst } = hcl2json;
const { format } = hclTools;

const here = path.dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = path.resolve(here, "../..");
export const TERRAFORM_DIR = path.join(REPO_ROOT, "terraform");
export const SCHEMA_PATH = path.join(here, "google-provider-schema.json");
export const FIXTURES_DIR = path.join(here, "fixtures");
export const CODE_FIXTURE_DIR = path.join(FIXTURES_DIR, "code");
/**
 * Functions terraform/ already deploys whose classes are still being built: entry point ->
 * { why: the work that brings it, env: names terraform/ already sets that only that work's code will
 * read }. Listed, never silent: the check fails once such a class lands, or the code reads such a
 * name, and it is still listed.
 */
export const PENDING_FUNCTIONS = Object.freeze(
  JSON.parse(fs.readFileSync(path.join(here, "pending-functions.json"), "utf8")),
);


// Names the code reads that must never be set in production.
export const LOCAL_ONLY_ENV = Object.freeze([
  "FIRESTORE_EMULATOR_HOST",
  "PUBSUB_EMULATOR_HOST",
  "STORAGE_EMULATOR_HOST",
  "GOOGLE_VERTEX_BASE_URL",
  "GOOGLE_API_KEY",
  "ATENDE_PORT",
  // Lets knowledge sources be fetched from this machine (the local stack serves demo pages); in
  // production it would open the fetcher to the metadata server and local services.
  "ATENDE_KB_ALLOW_LOOPBACK",
]);

// Names Terraform may set that are read by the runtime, not by our code.
export const PLATFORM_ENV = Object.freeze(["JAVA_TOOL_OPTIONS", "LOG_EXECUTION_ID"]);

// Build-time environment every function needs: the Java buildpack installs Functions Framework
// 1.4.1 for a prebuilt jar unless USE_JAVA_FF_2 is true, then 2.0.x, what the tests run
// (GoogleCloudPlatform/buildpacks cmd/java/functions_framework/lib/lib.go).
export const REQUIRED_BUILD_ENV = Object.freeze({ USE_JAVA_FF_2: "true" });

// The Cloud Functions API adds these to every function's service environment; undeclared, every
// plan would show them being removed.
export const API_ADDED_ENV = Object.freeze({ LOG_EXECUTION_ID: "true" });

// The only functions that call Vertex AI: ProcessMessage (Gemini, and embeddings of the customer's
// question) and SyncKnowledgeSource (embeddings of knowledge chunks); the others get neither model
// settings nor a Vertex AI role.
export const MODEL_ENTRY_POINTS = Object.freeze(["atende.functions.ProcessMessage", "atende.functions.SyncKnowledgeSource"]);
export const MODEL_ENV = Object.freeze(["GEMINI_MODEL", "GOOGLE_CLOUD_LOCATION", "ATENDE_EMBEDDING_MODEL", "ATENDE_EMBEDDING_LOCATION"]);
// Vectors of different embedding models cannot be compared: every function that embeds (the model
// entry points) must use the same model.
export const EMBEDDING_MODEL_ENV = "ATENDE_EMBEDDING_MODEL";

// Locations that serve Gemini 3 on Vertex AI: the global endpoint and the us/eu multi-regions
// (google-genai 2.0.0 sends those to aiplatform.<loc>.rep.googleapis.com). Single regions do not
// serve every Gemini 3 model (docs/reference/gcp.md), so none is accepted.
export const GEMINI_3_LOCATIONS = Object.freeze(["global", "us", "eu"]);

// Service agents by the API that owns them, as locals.tf builds their addresses.
const SERVICE_AGENTS = Object.freeze({
  "pubsub.googleapis.com": { local: "pubsub_service_agent", domain: "gcp-sa-pubsub" },
  "eventarc.googleapis.com": { local: "eventarc_service_agent", domain: "gcp-sa-eventarc" },
  "aiplatform.googleapis.com": { local: "aiplatform_service_agent", domain: "gcp-sa-aiplatform" },
});

// Roles that may be granted on the media bucket: object-level create/read, never admin or delete
// (uploads are create-if-absent; the lifecycle rule deletes).
export const MEDIA_ROLES = Object.freeze(["roles/storage.objectCreator", "roles/storage.objectViewer"]);
/** The delete-only custom role retention and erasure hold on the media bucket (terraform/media.tf). */
export const MEDIA_DELETER_ROLE = "${google_project_iam_custom_role.media_object_deleter.name}";

// Non-google resource types that may be used, with the arguments they accept.
export const NON_GOOGLE_ALLOWLIST = Object.freeze({
  time_sleep: { attributes: ["create_duration", "destroy_duration", "triggers"], required: [] },
});

// The only function that may be invoked by allUsers / allAuthenticatedUsers.
export const PUBLIC_ENTRY_POINT = "atende.functions.EvolutionWebhook";

const FUNCTION_INTERFACES = [
  "HttpFunction",
  "CloudEventsFunction",
  "BackgroundFunction",
  "RawBackgroundFunction",
  "TypedFunction",
];

const RESOURCE_META = new Set([
  "count",
  "for_each",
  "depends_on",
  "provider",
  "lifecycle",
  "provisioner",
  "connection",
]);
const PUBLIC_MEMBERS = /\b(allUsers|allAuthenticatedUsers)\b/;
const BROAD_ROLES = /\broles\/(owner|editor)\b/;

// ---------------------------------------------------------------------------
// Loading

/** Reads every *.tf file of a directory (not recursive) into a Map name -> source. */
export function readTerraformDir(dir) {
  const files = new Map();
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith(".tf")) files.set(name, fs.readFileSync(path.join(dir, name), "utf8"));
  }
  return files;
}

/**
 * Loads the provider schemas: { resources, dataSources } of hashicorp/google and { beta: { resources } },
 * the google-beta types used here that the google provider lacks.
 */
export function loadSchema(schemaPath = SCHEMA_PATH) {
  const raw = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  // The keys are "<registry host>/hashicorp/google" and ".../hashicorp/google-beta".
  const provider = (name) => Object.entries(raw.provider_schemas).find(([k]) => k.endsWith(`/hashicorp/${name}`))?.[1];
  const google = provider("google");
  if (!google) throw new Error(`${schemaPath} has no hashicorp/google provider schema`);
  return {
    resources: google.resource_schemas,
    dataSources: google.data_source_schemas,
    beta: { resources: provider("google-beta")?.resource_schemas ?? {} },
  };
}

/** Parses every file; returns { modules: [{ file, json }], problems }. */
export async function parseTerraform(files) {
  const modules = [];
  const problems = [];
  for (const [file, src] of files) {
    try {
      modules.push({ file, json: await parse(file, src) });
    } catch (error) {
      problems.push(`${file}: does not parse: ${String(error.message ?? error).trim()}`);
    }
  }
  return { modules, problems };
}

/** terraform fmt: the source must already be in canonical format. */
export async function checkFormat(files) {
  const problems = [];
  for (const [file, src] of files) {
    const formatted = await format(src);
    if (formatted !== src) {
      const a = src.split("\n");
      const b = formatted.split("\n");
      let line = 0;
      while (line < a.length && a[line] === b[line]) line++;
      problems.push(`${file}: not fmt-clean (first difference at line ${line + 1}); run terraform fmt`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Walking the parsed configuration

/** Yields { file, kind: "resource"|"data", type, name, body } for every block. */
export function* blocks(modules) {
  for (const { file, json } of modules) {
    for (const kind of ["resource", "data"]) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [name, bodies] of Object.entries(byName)) {
          for (const body of bodies) yield { file, kind, type, name, body };
        }
      }
    }
  }
}

function address({ kind, type, name }) {
  return kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
}

function isExpression(value) {
  return typeof value === "string" && value.includes("${");
}

// hcl2json keeps the source text of ${...} parts but unescapes the literal
// text around them, so a string is split into its interpolations, each of
// which is valid HCL on its own. Quoted strings inside an interpolation may
// hold braces and nested interpolations.
function skipQuoted(s, i) {
  for (i++; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i + 1;
    else if (s[i] === "$" && s[i + 1] === "{") i = skipInterpolation(s, i) - 1;
  }
  return s.length;
}

function skipInterpolation(s, start) {
  let depth = 0;
  for (let i = start + 2; i < s.length; ) {
    const c = s[i];
    if (c === '"') {
      i = skipQuoted(s, i);
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return s.length;
}

/** The ${...} parts of a string, as standalone template expressions. */
export function interpolations(value) {
  const parts = [];
  for (let i = value.indexOf("${"); i !== -1; i = value.indexOf("${", i)) {
    if (i > 0 && value[i - 1] === "$") {
      i += 2;
      continue;
    }
    const end = skipInterpolation(value, i);
    parts.push(value.slice(i, end));
    i = end;
  }
  return parts;
}

/** Visits every string in a value, with its path of keys. */
function visitStrings(value, visit, trail = []) {
  if (typeof value === "string") visit(value, trail);
  else if (Array.isArray(value)) value.forEach((v, i) => visitStrings(v, visit, [...trail, i]));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) visitStrings(v, visit, [...trail, k]);
  }
}

function first(list) {
  return Array.isArray(list) ? list[0] : undefined;
}

function possibleValues(description) {
  const match = /Possible values: \[([^\]]*)\]/s.exec(description ?? "");
  if (!match) return null;
  return [...match[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggestion(key, candidates) {
  let best = null;
  for (const c of candidates) {
    const dist = editDistance(key, c);
    if (dist <= 3 && (!best || dist < best.dist)) best = { c, dist };
  }
  return best ? ` (did you mean "${best.c}"?)` : "";
}

// ---------------------------------------------------------------------------
// Schema

function checkBody(body, schemaBlock, where, problems) {
  const attributes = schemaBlock.attributes ?? {};
  const blockTypes = schemaBlock.block_types ?? {};
  const dynamic = body.dynamic ?? {};

  for (const [key, value] of Object.entries(body)) {
    if (key === "dynamic") {
      for (const [label, items] of Object.entries(value)) {
        const nested = blockTypes[label];
        if (!nested) {
          problems.push(`${where}: unknown dynamic block "${label}"${suggestion(label, Object.keys(blockTypes))}`);
          continue;
        }
        for (const item of items) {
          for (const content of item.content ?? []) checkBody(content, nested.block, `${where}.${label}`, problems);
        }
      }
      continue;
    }
    if (key in attributes) {
      const attr = attributes[key];
      if (attr.computed && !attr.optional && !attr.required) {
        problems.push(`${where}: "${key}" is read-only (computed) and cannot be set`);
      }
      const allowed = possibleValues(attr.description);
      if (allowed && typeof value === "string" && !isExpression(value) && !allowed.includes(value)) {
        problems.push(`${where}: "${key}" = "${value}" is not one of ${JSON.stringify(allowed)}`);
      }
      continue;
    }
    if (key in blockTypes) {
      const nested = blockTypes[key];
      if (!Array.isArray(value)) {
        problems.push(`${where}: "${key}" is a block; write ${key} { ... } instead of ${key} = ...`);
        continue;
      }
      if (nested.max_items && value.length > nested.max_items) {
        problems.push(`${where}: block "${key}" appears ${value.length} times, at most ${nested.max_items} allowed`);
      }
      value.forEach((element) => checkBody(element, nested.block, `${where}.${key}`, problems));
      continue;
    }
    problems.push(
      `${where}: unknown attribute or block "${key}"${suggestion(key, [...Object.keys(attributes), ...Object.keys(blockTypes)])}`,
    );
  }

  for (const [key, attr] of Object.entries(attributes)) {
    if (attr.required && !(key in body)) problems.push(`${where}: required attribute "${key}" is missing`);
  }
  for (const [key, nested] of Object.entries(blockTypes)) {
    if ((nested.min_items ?? 0) > 0 && !(key in body) && !(key in dynamic)) {
      problems.push(`${where}: required block "${key}" is missing`);
    }
  }
}

/** Types, attributes, nested blocks, required arguments, enum literals. */
export function checkSchema(modules, schema, { allowlist = NON_GOOGLE_ALLOWLIST } = {}) {
  const problems = [];
  const seen = new Map();
  let usesBeta = false;
  for (const block of blocks(modules)) {
    const addr = address(block);
    const where = `${block.file}: ${addr}`;
    if (seen.has(addr)) problems.push(`${where}: declared twice (also in ${seen.get(addr)})`);
    seen.set(addr, block.file);

    const body = Object.fromEntries(Object.entries(block.body).filter(([k]) => !RESOURCE_META.has(k)));
    if (block.type.startsWith("google_")) {
      const beta = block.body.provider === "${google-beta}";
      if (beta) usesBeta = true;
      const betaTable = schema.beta?.resources ?? {};
      const table = beta ? betaTable : block.kind === "data" ? schema.dataSources : schema.resources;
      const typeSchema = table[block.type];
      if (!typeSchema && !beta && block.kind === "resource" && betaTable[block.type]) {
        problems.push(`${where}: "${block.type}" exists only in the google-beta provider; set provider = google-beta`);
        continue;
      }
      if (!typeSchema) {
        problems.push(
          `${where}: unknown ${block.kind === "data" ? "data source" : "resource"} type "${block.type}" (not in the hashicorp/google provider schema)${suggestion(block.type, Object.keys(table))}`,
        );
        continue;
      }
      checkBody(body, typeSchema.block, where, problems);
      continue;
    }
    const allowed = block.kind === "resource" ? allowlist[block.type] : undefined;
    if (!allowed) {
      problems.push(`${where}: ${block.kind} type "${block.type}" is not a google type and not in the allowlist`);
      continue;
    }
    for (const key of Object.keys(body)) {
      if (!allowed.attributes.includes(key)) problems.push(`${where}: unknown attribute "${key}"`);
    }
    for (const key of allowed.required) {
      if (!(key in body)) problems.push(`${where}: required attribute "${key}" is missing`);
    }
  }
  if (usesBeta) {
    const declared = modules.some(({ json }) =>
      (json.terraform ?? []).some((t) => (t.required_providers ?? []).some((r) => r["google-beta"]?.source === "hashicorp/google-beta")),
    );
    if (!declared) problems.push('terraform: resources use provider = google-beta but required_providers does not declare "hashicorp/google-beta"');
  }
  return problems;
}

// ---------------------------------------------------------------------------
// References

/**
 * Every variable traversal (var.x, local.y, type.name..., iterators too) in an
 * interpolation, from the expression's syntax tree. (getReferencesInExpression
 * does not look inside for-expression bodies.)
 */
async function traversals(file, interpolation) {
  const found = [];
  const walk = (node) => {
    if (!node) return;
    if (node.type === "scopeTraversal" && node.meta?.fullAccessor) found.push(node.meta.fullAccessor);
    for (const child of node.children ?? []) walk(child);
  };
  walk(await getExpressionAst(file, `"${interpolation}"`));
  return found;
}

/** Every resource, data source, var and local referenced is declared; literal topic names exist. */
export async function checkReferences(modules, schema, { allowlist = NON_GOOGLE_ALLOWLIST } = {}) {
  const problems = [];
  const declared = new Set();
  const variables = new Set();
  const locals = new Set();
  const topicNames = new Set();
  for (const block of blocks(modules)) {
    declared.add(address(block));
    if (block.type === "google_pubsub_topic" && typeof block.body.name === "string") topicNames.add(block.body.name);
  }
  for (const { json } of modules) {
    for (const name of Object.keys(json.variable ?? {})) variables.add(name);
    for (const l of json.locals ?? []) for (const name of Object.keys(l)) locals.add(name);
  }
  const knownTypes = new Set([
    ...Object.keys(schema.resources),
    ...Object.keys(schema.dataSources),
    ...Object.keys(schema.beta?.resources ?? {}),
    ...Object.keys(allowlist),
  ]);
  const reported = new Set();
  const report = (message) => {
    if (!reported.has(message)) {
      reported.add(message);
      problems.push(message);
    }
  };

  for (const { file, json } of modules) {
    const expressions = [];
    visitStrings(json, (value, trail) => {
      if (isExpression(value)) expressions.push({ value, trail });
    });
    for (const { value, trail } of expressions) {
      const refs = [];
      for (const part of interpolations(value)) {
        try {
          refs.push(...(await traversals(file, part)));
        } catch (error) {
          report(`${file}: ${trail.join(".")}: expression does not parse: ${String(error.message ?? error).trim()}`);
        }
      }
      for (const ref of refs) {
        const parts = ref.match(/[A-Za-z_][\w-]*/g) ?? [];
        const [head] = parts;
        if (head === "var") {
          if (!variables.has(parts[1])) report(`${file}: reference to undeclared variable "var.${parts[1]}"`);
        } else if (head === "local") {
          if (!locals.has(parts[1])) report(`${file}: reference to undeclared local "local.${parts[1]}"`);
        } else if (head === "data") {
          const addr = `data.${parts[1]}.${parts[2]}`;
          if (!declared.has(addr)) report(`${file}: reference to undeclared data source "${addr}"`);
        } else if (knownTypes.has(head) && parts.length > 1) {
          const addr = `${head}.${parts[1]}`;
          if (!declared.has(addr)) report(`${file}: reference to undeclared resource "${addr}"`);
        }
      }
    }
  }

  // Topic names written as literals instead of references must exist too.
  const topicUses = [];
  for (const block of blocks(modules)) {
    const where = `${block.file}: ${address(block)}`;
    visitStrings(block.body, (value, trail) => {
      const key = trail.filter((k) => typeof k === "string").at(-1);
      if (["topic", "topic_name", "dead_letter_topic", "pubsub_topic", "ATENDE_ESCALATION_TOPIC"].includes(key) && !isExpression(value)) {
        topicUses.push({ where, key, value });
      }
    });
  }
  for (const { where, key, value } of topicUses) {
    const name = value.replace(/^projects\/[^/]+\/topics\//, "");
    if (!topicNames.has(name)) report(`${where}: ${key} names topic "${name}", which is not a google_pubsub_topic here`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// IAM

function functionsByAddress(modules) {
  const result = new Map();
  for (const block of blocks(modules)) {
    if (block.kind === "resource" && block.type === "google_cloudfunctions2_function") {
      result.set(address(block), { ...block, entryPoint: first(block.body.build_config)?.entry_point });
    }
  }
  return result;
}

/** The google_cloudfunctions2_function an invoker grant targets, if it references one. */
function grantTarget(block) {
  const target = block.body.name ?? block.body.service ?? block.body.cloud_function;
  const match = /\$\{google_cloudfunctions2_function\.([A-Za-z0-9_-]+)\./.exec(target ?? "");
  return match ? `google_cloudfunctions2_function.${match[1]}` : null;
}

const INVOKER_GRANT_TYPES = new Set([
  "google_cloud_run_v2_service_iam_member",
  "google_cloud_run_service_iam_member",
  "google_cloudfunctions2_function_iam_member",
]);

/** No owner/editor; allUsers/allAuthenticatedUsers only as the webhook's invoker. */
export function checkIam(modules, { publicEntryPoint = PUBLIC_ENTRY_POINT } = {}) {
  const problems = [];
  const functions = functionsByAddress(modules);
  let webhookIsPublic = false;

  const scan = (where, value, isAllowedPublicMember) => {
    visitStrings(value, (text, trail) => {
      const key = trail.filter((k) => typeof k === "string").at(-1);
      if (BROAD_ROLES.test(text)) problems.push(`${where}: grants ${BROAD_ROLES.exec(text)[0]}; use narrow roles`);
      if (["description", "display_name", "content", "error_message"].includes(key)) return;
      if (PUBLIC_MEMBERS.test(text) && !isAllowedPublicMember(key)) {
        problems.push(`${where}: ${PUBLIC_MEMBERS.exec(text)[0]} may only be granted on the ${publicEntryPoint} function`);
      }
    });
  };

  for (const block of blocks(modules)) {
    const where = `${block.file}: ${address(block)}`;
    let allowedPublic = false;
    if (INVOKER_GRANT_TYPES.has(block.type) && PUBLIC_MEMBERS.test(block.body.member ?? "")) {
      const target = functions.get(grantTarget(block));
      if (target && target.entryPoint === publicEntryPoint) {
        allowedPublic = true;
        webhookIsPublic = true;
      }
    }
    scan(where, block.body, (key) => allowedPublic && key === "member");
  }
  for (const { file, json } of modules) {
    for (const l of json.locals ?? []) scan(`${file}: locals`, l, () => false);
    for (const [name, bodies] of Object.entries(json.variable ?? {})) {
      for (const body of bodies) scan(`${file}: variable.${name}`, { default: body.default }, () => false);
    }
  }
  const hasWebhook = [...functions.values()].some((f) => f.entryPoint === publicEntryPoint);
  if (hasWebhook && !webhookIsPublic) {
    problems.push(`the ${publicEntryPoint} function has no allUsers roles/run.invoker grant: Evolution API could not call it`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Firestore trigger

/** Firestore-triggered functions: match-path-pattern, trigger_region = database location variable, retries. */
export function checkFirestoreTrigger(modules) {
  const problems = [];
  const databases = new Map();
  for (const block of blocks(modules)) {
    if (block.kind === "resource" && block.type === "google_firestore_database") databases.set(address(block), block);
  }
  for (const fn of functionsByAddress(modules).values()) {
    const trigger = first(fn.body.event_trigger);
    if (!trigger || !String(trigger.event_type ?? "").startsWith("google.cloud.firestore.")) continue;
    const where = `${fn.file}: ${address(fn)}`;
    const filters = trigger.event_filters ?? [];
    const documentFilter = filters.find((f) => f.attribute === "document");
    const databaseFilter = filters.find((f) => f.attribute === "database");
    if (!documentFilter) problems.push(`${where}: Firestore trigger has no "document" event filter`);
    else if (/[{*]/.test(documentFilter.value) && documentFilter.operator !== "match-path-pattern") {
      problems.push(`${where}: document filter "${documentFilter.value}" is a pattern but has no operator = "match-path-pattern" (it would never match)`);
    }
    if (!databaseFilter) problems.push(`${where}: Firestore trigger has no "database" event filter`);

    const dbRef = /\$\{(google_firestore_database\.[A-Za-z0-9_-]+)\./.exec(databaseFilter?.value ?? "");
    const database = dbRef ? databases.get(dbRef[1]) : databases.size === 1 ? [...databases.values()][0] : undefined;
    if (!database) {
      problems.push(`${where}: cannot tell which google_firestore_database the trigger listens to`);
    } else {
      const location = database.body.location_id;
      if (!/^\$\{var\.[A-Za-z0-9_-]+\}$/.test(location ?? "")) {
        problems.push(`${database.file}: ${address(database)}: location_id should be a variable, got ${JSON.stringify(location)}`);
      }
      if (trigger.trigger_region !== location) {
        problems.push(`${where}: trigger_region ${JSON.stringify(trigger.trigger_region ?? null)} must equal the database location_id ${JSON.stringify(location)}`);
      }
    }
    if (trigger.retry_policy !== "RETRY_POLICY_RETRY") {
      problems.push(`${where}: Firestore trigger should set retry_policy = "RETRY_POLICY_RETRY" (failures are otherwise dropped)`);
    }
    if (!trigger.service_account_email) problems.push(`${where}: Firestore trigger has no service_account_email`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Consistency with the Java code

function listJava(dir, recursive) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && recursive) out.push(...listJava(full, true));
    else if (entry.isFile() && entry.name.endsWith(".java")) out.push(full);
  }
  return out.sort();
}

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/**
 * Reads the code: entry-point classes in entryPointDir (*.java implementing a
 * Functions Framework interface) and env var names read anywhere in envDirs
 * (System.getenv("NAME") and env("NAME") literals).
 */
export function scanJavaCode({ entryPointDir, envDirs }) {
  const entryPoints = [];
  const classPattern = new RegExp(
    String.raw`\bclass\s+(\w+)[^{]*?\bimplements\b[^{]*?\b(${FUNCTION_INTERFACES.join("|")})\b`,
    "g",
  );
  for (const file of listJava(entryPointDir, false)) {
    const src = stripComments(fs.readFileSync(file, "utf8"));
    const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(src)?.[1];
    for (const m of src.matchAll(classPattern)) {
      entryPoints.push({ fqcn: pkg ? `${pkg}.${m[1]}` : m[1], file });
    }
  }
  const envNames = new Map();
  for (const dir of envDirs) {
    for (const file of listJava(dir, true)) {
      const src = stripComments(fs.readFileSync(file, "utf8"));
      for (const m of src.matchAll(/(?:\bSystem\.getenv|\benv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g)) {
        if (!envNames.has(m[1])) envNames.set(m[1], []);
        envNames.get(m[1]).push(file);
      }
    }
  }
  return { entryPoints, envNames, queryFields: scanQueryFields(envDirs) };
}

/**
 * Field names the code filters, orders or sums on in Firestore queries: the first argument of where*(),
 * orderBy(), Filter.*() and AggregateField.sum()/average() (sum and average read the field from the
 * index), a string literal or a String constant (resolved through every
 * `static final String NAME = "value"` in the scanned code; `Schema.NAME` names the one in Schema.java,
 * since two classes may both have a NAME with different values).
 */
export function scanQueryFields(dirs) {
  const files = dirs.flatMap((dir) => listJava(dir, true));
  const sources = files.map((file) => stripComments(fs.readFileSync(file, "utf8")));
  const constants = new Map();
  sources.forEach((src, i) => {
    const owner = path.basename(files[i], ".java");
    for (const m of src.matchAll(/\bstatic\s+final\s+String\s+(\w+)\s*=\s*"([^"]*)"\s*;/g)) {
      constants.set(m[1], m[2]);
      constants.set(`${owner}.${m[1]}`, m[2]);
    }
  });
  const resolve = (name) => constants.get(name.split(".").slice(-2).join(".")) ?? constants.get(name.split(".").at(-1));
  const fields = new Set();
  for (const src of sources) {
    for (const m of src.matchAll(/\.(?:where\w*|orderBy)\(\s*(?:"([^"]+)"|([A-Za-z_][\w.]*))|\b(?:Filter\.\w+|AggregateField\.(?:sum|average))\(\s*(?:"([^"]+)"|([A-Za-z_][\w.]*))/g)) {
      const literal = m[1] ?? m[3];
      const constant = m[2] ?? m[4];
      if (literal) fields.add(literal);
      else if (resolve(constant) !== undefined) fields.add(resolve(constant));
    }
  }
  return fields;
}

/**
 * Where the code is: the real functions module once it has classes, else the
 * stand-in fixture (the functions are being written on another branch).
 */
export function resolveCodeDirs(repoRoot = REPO_ROOT) {
  const realFunctions = path.join(repoRoot, "functions/src/main/java/atende/functions");
  const sharedMain = path.join(repoRoot, "shared/src/main/java");
  if (listJava(realFunctions, false).length > 0) {
    return {
      entryPointDir: realFunctions,
      envDirs: [sharedMain, path.join(repoRoot, "functions/src/main/java")],
      fallback: false,
      pending: PENDING_FUNCTIONS,
    };
  }
  return {
    entryPointDir: path.join(CODE_FIXTURE_DIR, "atende/functions"),
    envDirs: [sharedMain, CODE_FIXTURE_DIR],
    fallback: true,
    note:
      `NOTE: ${path.relative(repoRoot, realFunctions)} has no classes yet; ` +
      `checking entry points and env vars against the stand-ins in ${path.relative(repoRoot, CODE_FIXTURE_DIR)}. ` +
      `Remove this fallback once the real function classes land.`,
  };
}

/** Entry points <-> classes (each exactly once); env vars set <-> env vars read. */
export function checkCodeConsistency(
  modules,
  code,
  { localOnlyEnv = LOCAL_ONLY_ENV, platformEnv = PLATFORM_ENV } = {},
) {
  const problems = [];
  const functions = [...functionsByAddress(modules).values()];
  const classes = new Set(code.entryPoints.map((e) => e.fqcn));
  const pending = code.pending ?? {};
  const pendingEnv = new Map();
  for (const [fqcn, entry] of Object.entries(pending)) for (const name of entry.env ?? []) pendingEnv.set(name, fqcn);

  const used = new Map();
  for (const fn of functions) {
    const where = `${fn.file}: ${address(fn)}`;
    const entryPoint = fn.entryPoint;
    if (typeof entryPoint !== "string" || isExpression(entryPoint)) {
      problems.push(`${where}: build_config.entry_point must be a literal class name`);
      continue;
    }
    if (used.has(entryPoint)) problems.push(`${where}: entry point ${entryPoint} is already deployed by ${used.get(entryPoint)}`);
    else used.set(entryPoint, address(fn));
    if (!classes.has(entryPoint) && !pending[entryPoint]) {
      problems.push(`${where}: entry point ${entryPoint} has no class implementing a function interface in the code`);
    }
  }
  for (const fqcn of Object.keys(pending)) {
    if (classes.has(fqcn)) problems.push(`code: ${fqcn} has landed; remove it from dev/terraform-check/pending-functions.json`);
    else if (!used.has(fqcn)) problems.push(`dev/terraform-check/pending-functions.json: lists ${fqcn}, which no google_cloudfunctions2_function deploys`);
  }
  for (const fqcn of classes) {
    if (!used.has(fqcn)) problems.push(`code: function class ${fqcn} is not deployed by any google_cloudfunctions2_function`);
  }

  const setBy = new Map();
  for (const fn of functions) {
    const where = `${fn.file}: ${address(fn)}`;
    const env = first(fn.body.service_config)?.environment_variables;
    if (env === undefined) continue;
    if (typeof env !== "object" || Array.isArray(env)) {
      problems.push(`${where}: service_config.environment_variables must be a literal map so its names can be checked`);
      continue;
    }
    for (const name of Object.keys(env)) {
      if (!setBy.has(name)) setBy.set(name, []);
      setBy.get(name).push(address(fn));
      if (localOnlyEnv.includes(name)) problems.push(`${where}: sets ${name}, a local-only variable that must not be set in production`);
      else if (!code.envNames.has(name) && !platformEnv.includes(name) && !pendingEnv.has(name)) problems.push(`${where}: sets ${name}, which the code never reads`);
    }
  }
  for (const [name, fqcn] of pendingEnv) {
    if (code.envNames.has(name)) problems.push(`code: reads ${name} now; remove it from the env of ${fqcn} in dev/terraform-check/pending-functions.json`);
  }
  for (const name of code.envNames.keys()) {
    if (!localOnlyEnv.includes(name) && !setBy.has(name)) {
      problems.push(`code: reads ${name} (${code.envNames.get(name).map((f) => path.basename(f)).join(", ")}) but no function sets it`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// The deploy guide and the Cloud Build pipeline must match the configuration

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * docs/deploy.md names every output, variable, topic, subscription and
 * prefixed resource name of the configuration, and names nothing that does
 * not exist; cloudbuild.yaml only sets declared variables and runs the steps.
 */
export function checkDocs(modules, { docs, cloudbuild, namePrefix = "atende", docsName = "docs/deploy.md" }) {
  const problems = [];
  const outputs = new Set();
  const variables = new Set();
  for (const { json } of modules) {
    for (const name of Object.keys(json.output ?? {})) outputs.add(name);
    for (const name of Object.keys(json.variable ?? {})) variables.add(name);
  }
  const declared = new Set([...blocks(modules)].map(address));
  const mentions = (word) => new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(word)}([^A-Za-z0-9_-]|$)`).test(docs);

  for (const name of outputs) if (!mentions(name)) problems.push(`${docsName}: does not mention output "${name}"`);
  for (const name of variables) if (!mentions(name)) problems.push(`${docsName}: does not mention variable "${name}"`);

  const nameAttribute = {
    google_pubsub_topic: "name",
    google_pubsub_subscription: "name",
    google_cloudfunctions2_function: "name",
    google_cloud_scheduler_job: "name",
    google_service_account: "account_id",
    google_secret_manager_secret: "secret_id",
  };
  for (const block of blocks(modules)) {
    const attribute = nameAttribute[block.type];
    const value = attribute && block.body[attribute];
    if (typeof value !== "string") continue;
    const name = value.replaceAll("${var.name_prefix}", namePrefix);
    if (name.includes("${")) continue;
    if (!mentions(name)) problems.push(`${docsName}: does not mention ${block.type} "${name}"`);
  }

  for (const m of docs.matchAll(/terraform output(?: -raw| -json)? ([a-z_][a-z0-9_]*)/g)) {
    if (!outputs.has(m[1])) problems.push(`${docsName}: "terraform output ${m[1]}" but there is no such output`);
  }
  for (const m of docs.matchAll(/-var='?([a-z_][a-z0-9_]*)=/g)) {
    if (!variables.has(m[1])) problems.push(`${docsName}: -var ${m[1]} but there is no such variable`);
  }
  for (const m of docs.matchAll(/\b((?:google_[a-z0-9_]+|time_sleep)\.[a-z0-9_]+)\b/g)) {
    if (!declared.has(m[1])) problems.push(`${docsName}: names ${m[1]}, which is not declared`);
  }

  if (cloudbuild !== undefined) {
    for (const m of cloudbuild.matchAll(/TF_VAR_([a-z_][a-z0-9_]*)=/g)) {
      if (!variables.has(m[1])) problems.push(`cloudbuild.yaml: sets TF_VAR_${m[1]} but there is no such variable`);
    }
    for (const step of ["dev/test", "mvn -B -DskipTests", "terraform init", "-backend-config=bucket=", "validate", "terraform plan", "terraform apply"]) {
      if (!cloudbuild.includes(step)) problems.push(`cloudbuild.yaml: has no "${step}" step`);
    }
    if (!cloudbuild.includes("functions/target/atende-functions-source.zip")) {
      problems.push("cloudbuild.yaml: does not check functions/target/atende-functions-source.zip, the archive terraform/storage.tf uploads");
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Production runs what the tests run, and plans stay clean

function localsOf(modules) {
  const all = {};
  for (const { json } of modules) for (const l of json.locals ?? []) Object.assign(all, l);
  return all;
}

/** A value that is exactly ${local.NAME} resolves to the local's literal value; anything else stays. */
function resolveLocal(value, locals) {
  const match = /^\$\{local\.([A-Za-z0-9_-]+)\}$/.exec(typeof value === "string" ? value : "");
  return match ? locals[match[1]] : value;
}

/**
 * Every IAM grant, one per role and member: *_iam_member blocks, with for_each over a local map
 * (each.value.role / each.value.member) or over a literal toset([...]) of roles expanded.
 */
function grants(modules) {
  const locals = localsOf(modules);
  const out = [];
  for (const block of blocks(modules)) {
    if (block.kind !== "resource" || !block.type.endsWith("_iam_member")) continue;
    const where = `${block.file}: ${address(block)}`;
    const { role, member, condition } = block.body;
    const forEach = block.body.for_each;
    const entries = [];
    const map = resolveLocal(forEach, locals);
    if (map && typeof map === "object" && !Array.isArray(map)) {
      for (const [key, value] of Object.entries(map)) entries.push({ key, value });
    } else if (typeof forEach === "string" && forEach.includes("toset([")) {
      for (const m of forEach.matchAll(/"([^"]+)"/g)) entries.push({ key: m[1], value: m[1] });
    } else {
      entries.push({ key: null, value: null });
    }
    for (const { key, value } of entries) {
      const pick = (field, text) => {
        if (text === "${each.value}") return value;
        const m = /^\$\{each\.value\.(\w+)\}$/.exec(text ?? "");
        return m && value && typeof value === "object" ? value[m[1]] : text;
      };
      out.push({
        where: key === null ? where : `${where}["${key}"]`,
        block,
        role: pick("role", role),
        member: pick("member", member),
        conditioned: Array.isArray(condition) && condition.length > 0,
      });
    }
  }
  return out;
}

function serviceAccountOf(text) {
  return /\bgoogle_service_account\.([A-Za-z0-9_-]+)\./.exec(text ?? "")?.[1] ?? null;
}

/** USE_JAVA_FF_2 at build time and the API-added LOG_EXECUTION_ID declared, on every function. */
export function checkFunctionEnvironments(modules) {
  const problems = [];
  const locals = localsOf(modules);
  for (const fn of functionsByAddress(modules).values()) {
    const where = `${fn.file}: ${address(fn)}`;
    const buildEnv = resolveLocal(first(fn.body.build_config)?.environment_variables, locals) ?? {};
    for (const [name, value] of Object.entries(REQUIRED_BUILD_ENV)) {
      if (typeof buildEnv !== "object" || buildEnv[name] !== value) {
        problems.push(`${where}: build_config.environment_variables must set ${name} = "${value}" (else the buildpack installs Functions Framework 1.4.1, not the 2.0.x the tests run)`);
      }
    }
    const env = first(fn.body.service_config)?.environment_variables;
    const ignored = JSON.stringify(first(fn.body.lifecycle)?.ignore_changes ?? []);
    for (const [name, value] of Object.entries(API_ADDED_ENV)) {
      const declared = env && typeof env === "object" && env[name] === value;
      if (!declared && !ignored.includes(name)) {
        problems.push(`${where}: service_config.environment_variables does not declare ${name} = "${value}", which the Cloud Functions API adds: every plan would show a diff`);
      }
    }
  }
  return problems;
}

/**
 * The sources bucket deletes old uploads; the build account reads it through a bucket-level grant
 * and holds no unconditioned project-level storage role.
 */
export function checkSourcesBucket(modules) {
  const problems = [];
  const buckets = [...blocks(modules)].filter((b) => b.kind === "resource" && b.type === "google_storage_bucket");
  const sources = buckets.find((b) => b.name === "sources");
  if (!sources) return ["storage.tf: there is no google_storage_bucket.sources"];
  const rules = sources.body.lifecycle_rule ?? [];
  const deletes = rules.some((r) => first(r.action)?.type === "Delete" && Object.keys(first(r.condition) ?? {}).length > 0);
  if (!deletes) problems.push(`${sources.file}: google_storage_bucket.sources: no lifecycle_rule deletes old uploads (action Delete with a condition)`);

  const builders = new Set();
  for (const fn of functionsByAddress(modules).values()) {
    const account = serviceAccountOf(first(fn.body.build_config)?.service_account);
    if (account) builders.add(account);
  }
  let bucketGrant = false;
  for (const grant of grants(modules)) {
    const account = serviceAccountOf(grant.member);
    if (!builders.has(account) || !String(grant.role ?? "").startsWith("roles/storage.")) continue;
    if (grant.block.type === "google_project_iam_member" && !grant.conditioned) {
      problems.push(`${grant.where}: gives the build account ${grant.role} on the whole project; grant it on the sources bucket (google_storage_bucket_iam_member)`);
    }
    if (grant.block.type === "google_storage_bucket_iam_member" && /\bgoogle_storage_bucket\.sources\./.test(grant.block.body.bucket ?? "")) bucketGrant = true;
  }
  if (builders.size > 0 && !bucketGrant) problems.push("iam.tf: the build account has no google_storage_bucket_iam_member on google_storage_bucket.sources: the build cannot read the archive");
  return problems;
}

/**
 * The media bucket holds customers' voice notes and images: uniform access, public access prevention
 * enforced, a lifecycle rule deleting after var.media_retention_days, in the functions' region; only
 * MEDIA_ROLES and MEDIA_DELETER_ROLE (a custom role with storage.objects.delete alone) granted on it;
 * every function given ATENDE_MEDIA_BUCKET can create and read in it, or only delete (retention,
 * erasure), and the Vertex AI service agent can read it (Gemini fetches fileData gs:// URIs as that agent).
 */
export function checkMediaBucket(modules) {
  const media = [...blocks(modules)].find((b) => b.kind === "resource" && b.type === "google_storage_bucket" && b.name === "media");
  if (!media) return ["media.tf: there is no google_storage_bucket.media"];
  const where = `${media.file}: google_storage_bucket.media`;
  const problems = [];
  if (media.body.uniform_bucket_level_access !== true) problems.push(`${where}: uniform_bucket_level_access must be true (no per-object ACLs)`);
  if (media.body.public_access_prevention !== "enforced") problems.push(`${where}: public_access_prevention must be "enforced"`);
  if (media.body.location !== "${var.region}") problems.push(`${where}: location must be var.region, the functions' region`);
  const deletes = (media.body.lifecycle_rule ?? []).some((r) => first(r.action)?.type === "Delete"
    && first(r.condition)?.age === "${var.media_retention_days}");
  if (!deletes) problems.push(`${where}: no lifecycle_rule deletes objects at age var.media_retention_days`);

  const onMedia = grants(modules).filter((g) => g.block.type === "google_storage_bucket_iam_member"
    && /\bgoogle_storage_bucket\.media\./.test(g.block.body.bucket ?? ""));
  const allowed = [...MEDIA_ROLES, MEDIA_DELETER_ROLE];
  for (const grant of onMedia) {
    if (!allowed.includes(grant.role)) problems.push(`${grant.where}: ${grant.role} on the media bucket; only ${allowed.join(", ")}`);
  }
  const deleter = [...blocks(modules)].find((b) => b.kind === "resource" && b.type === "google_project_iam_custom_role" && b.name === "media_object_deleter");
  if (deleter && JSON.stringify(deleter.body.permissions) !== JSON.stringify(["storage.objects.delete"])) {
    problems.push(`${deleter.file}: google_project_iam_custom_role.media_object_deleter must grant storage.objects.delete alone`);
  }
  const holds = (member, role) => onMedia.some((g) => g.member === member && g.role === role);
  for (const fn of functionsByAddress(modules).values()) {
    const service = first(fn.body.service_config) ?? {};
    if (!Object.hasOwn(service.environment_variables ?? {}, "ATENDE_MEDIA_BUCKET")) continue;
    const account = /google_service_account\.(\w+)\.email/.exec(service.service_account_email ?? "")?.[1];
    const member = account && `\${google_service_account.${account}.member}`;
    if (holds(member, MEDIA_DELETER_ROLE) && !MEDIA_ROLES.some((role) => holds(member, role))) continue; // deletes only
    for (const role of MEDIA_ROLES) {
      if (!holds(member, role)) problems.push(`${fn.file}: google_cloudfunctions2_function.${fn.name} sets ATENDE_MEDIA_BUCKET but its runtime account lacks ${role} on the media bucket`);
    }
  }
  if (!holds("${local.aiplatform_service_agent}", "roles/storage.objectViewer")) {
    problems.push(`${where}: the Vertex AI service agent (local.aiplatform_service_agent) lacks roles/storage.objectViewer: Gemini cannot read fileData gs:// URIs`);
  }
  return problems;
}

/** Every grant to a Google service agent waits for the google_project_service_identity that creates it. */
export function checkServiceAgents(modules) {
  const problems = [];
  const identities = new Map();
  for (const block of blocks(modules)) {
    if (block.kind === "resource" && block.type === "google_project_service_identity") identities.set(block.body.service, address(block));
  }
  for (const block of blocks(modules)) {
    if (block.kind !== "resource") continue;
    const text = JSON.stringify(Object.fromEntries(Object.entries(block.body).filter(([k]) => k !== "depends_on")));
    for (const [service, agent] of Object.entries(SERVICE_AGENTS)) {
      if (!text.includes(`local.${agent.local}`) && !text.includes(agent.domain)) continue;
      const identity = identities.get(service);
      const dependsOn = block.body.depends_on ?? [];
      if (!identity) {
        problems.push(`${block.file}: ${address(block)}: grants to the ${service} service agent but no google_project_service_identity creates it`);
      } else if (!dependsOn.includes(`\${${identity}}`) && !text.includes(`${identity}.`)) {
        problems.push(`${block.file}: ${address(block)}: grants to the ${service} service agent without depends_on ${identity} (the agent may not exist yet)`);
      }
    }
  }
  return problems;
}

/** Gemini settings and Vertex AI roles only for the functions that call the model. */
export function checkModelAccess(modules, { modelEntryPoints = MODEL_ENTRY_POINTS } = {}) {
  const problems = [];
  const withoutModel = new Map();
  for (const fn of functionsByAddress(modules).values()) {
    if (modelEntryPoints.includes(fn.entryPoint)) continue;
    const where = `${fn.file}: ${address(fn)}`;
    const env = first(fn.body.service_config)?.environment_variables ?? {};
    for (const name of MODEL_ENV) {
      if (typeof env === "object" && name in env) problems.push(`${where}: sets ${name}, but ${fn.entryPoint} never calls Gemini`);
    }
    const account = serviceAccountOf(first(fn.body.service_config)?.service_account_email);
    if (account) withoutModel.set(account, fn.entryPoint);
  }
  for (const grant of grants(modules)) {
    const entryPoint = withoutModel.get(serviceAccountOf(grant.member));
    if (entryPoint && /^roles\/aiplatform\./.test(grant.role ?? "")) {
      problems.push(`${grant.where}: grants ${grant.role} to the account of ${entryPoint}, which never calls Gemini`);
    }
  }
  return problems;
}

/** Every function that embeds sets the embedding model, all the same: a chunk's vector and a question's must be comparable. */
export function checkEmbeddingModel(modules, { modelEntryPoints = MODEL_ENTRY_POINTS } = {}) {
  const problems = [];
  const values = new Map();
  for (const fn of functionsByAddress(modules).values()) {
    if (!modelEntryPoints.includes(fn.entryPoint)) continue;
    const env = first(fn.body.service_config)?.environment_variables ?? {};
    const value = typeof env === "object" ? env[EMBEDDING_MODEL_ENV] : undefined;
    if (value === undefined) problems.push(`${fn.file}: ${address(fn)}: does not set ${EMBEDDING_MODEL_ENV}; ${fn.entryPoint} would embed with the code's default model`);
    else values.set(`${fn.file}: ${address(fn)}`, value);
  }
  if (new Set(values.values()).size > 1) {
    problems.push(`${EMBEDDING_MODEL_ENV} differs between functions (${[...values].map(([where, value]) => `${where} = ${JSON.stringify(value)}`).join(", ")}): chunk and question vectors would not be comparable`);
  }
  return problems;
}

/** Every field of every composite index is one the code's queries filter or order on. */
export function checkIndexes(modules, code) {
  const problems = [];
  if (!code.queryFields) return problems;
  const locals = localsOf(modules);
  for (const block of blocks(modules)) {
    if (block.kind !== "resource" || block.type !== "google_firestore_index") continue;
    const where = `${block.file}: ${address(block)}`;
    const indexes = [];
    const map = resolveLocal(block.body.for_each, locals);
    const dynamicFields = first(block.body.dynamic?.fields);
    if (map && typeof map === "object" && dynamicFields?.for_each === "${each.value.fields}") {
      for (const [key, value] of Object.entries(map)) indexes.push({ where: `${where}["${key}"]`, fields: value.fields ?? [] });
    } else {
      indexes.push({ where, fields: (block.body.fields ?? []).map((f) => f.field_path) });
    }
    for (const index of indexes) {
      for (const field of index.fields) {
        if (!code.queryFields.has(field)) problems.push(`${index.where}: field "${field}" is in no query of the code: the index is unused, remove it`);
      }
    }
  }
  return problems;
}

/** gemini_location is validated to the locations that serve Gemini 3. */
export function checkGeminiLocation(modules, { allowed = GEMINI_3_LOCATIONS } = {}) {
  for (const { file, json } of modules) {
    const variable = first(json.variable?.gemini_location);
    if (!variable) continue;
    const where = `${file}: variable.gemini_location`;
    const conditions = (variable.validation ?? []).map((v) => v.condition ?? "");
    const lists = conditions
      .map((c) => /^\$\{contains\(\[([^\]]*)\],\s*var\.gemini_location\)\}$/.exec(c))
      .filter(Boolean)
      .map((m) => [...m[1].matchAll(/"([^"]*)"/g)].map((v) => v[1]));
    if (lists.length === 0) return [`${where}: needs a validation contains([...], var.gemini_location) listing only ${JSON.stringify(allowed)}`];
    const accepted = lists.flat().filter((loc) => !allowed.includes(loc));
    if (accepted.length > 0) return [`${where}: accepts ${JSON.stringify(accepted)}, which may not serve Gemini 3 (only ${JSON.stringify(allowed)})`];
    if (variable.default !== undefined && !allowed.includes(variable.default)) return [`${where}: default ${JSON.stringify(variable.default)} is not one of ${JSON.stringify(allowed)}`];
    return [];
  }
  return ["variables.tf: there is no variable gemini_location"];
}

// ---------------------------------------------------------------------------

/** Runs every check; returns all problems. */
export async function checkAll({
  files,
  schema = loadSchema(),
  code = scanJavaCode(resolveCodeDirs()),
  allowlist = NON_GOOGLE_ALLOWLIST,
} = {}) {
  const { modules, problems } = await parseTerraform(files);
  problems.push(...(await checkFormat(files)));
  problems.push(...checkSchema(modules, schema, { allowlist }));
  problems.push(...(await checkReferences(modules, schema, { allowlist })));
  problems.push(...checkIam(modules));
  problems.push(...checkFirestoreTrigger(modules));
  problems.push(...checkCodeConsistency(modules, code));
  problems.push(...checkFunctionEnvironments(modules));
  problems.push(...checkSourcesBucket(modules));
  problems.push(...checkMediaBucket(modules));
  problems.push(...checkServiceAgents(modules));
  problems.push(...checkModelAccess(modules));
  problems.push(...checkEmbeddingModel(modules));
  problems.push(...checkIndexes(modules, code));
  problems.push(...checkGeminiLocation(modules));
  return problems;
}
