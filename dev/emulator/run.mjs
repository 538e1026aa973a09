// Starts the Firestore emulator (@firestore-emulator/server, real gRPC protocol) and streams every
// document change as newline-delimited JSON, so the local Eventarc can deliver Firestore-trigger
// CloudEvents with the exact old and new documents, as production does.
//
//   node dev/emulator/run.mjs [--port N] [--events-port N] [--host H]
//   prints: READY firestore=H:N events=http://H:M/events
//
// GET /events streams {"seq","type":"created|updated|deleted","name","old","value"} lines, where old/value
// are base64 google.firestore.v1.Document protos (null when absent). No-op writes are not streamed
// (production triggers do not fire for them). The process exits when its stdin closes, so a parent
// that dies never leaves it behind.
import http from "node:http";
import { FirestoreServer } from "@firestore-emulator/server";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const host = args.host ?? "127.0.0.1";
const port = Number(args.port ?? process.env.FIRESTORE_PORT ?? 8080);
const eventsPort = Number(args["events-port"] ?? 0);

const server = new FirestoreServer();
await server.start(port);

const subscribers = new Set();
const lastSeen = new Map(); // document name -> serialised fields, to send old values and drop no-ops
let seq = 0;

function fieldsOnly(document) {
  const copy = document.toV1Document();
  copy.create_time = undefined;
  copy.update_time = undefined;
  return Buffer.from(copy.serializeBinary()).toString("base64");
}

function publish(kind, document) {
  const name = document.getPath();
  const exists = kind !== "deleted";
  const value = exists ? Buffer.from(document.toV1Document().serializeBinary()).toString("base64") : null;
  const previous = lastSeen.get(name) ?? null;
  const current = exists ? fieldsOnly(document) : null;
  if (previous && current && previous.fields === current) return; // no-op write
  if (exists) lastSeen.set(name, { fields: current, full: value });
  else lastSeen.delete(name);
  const type = !exists ? "deleted" : previous ? "updated" : "created";
  const line = JSON.stringify({ seq: ++seq, type, name, old: previous?.full ?? null, value }) + "\n";
  for (const response of subscribers) response.write(line);
}

server.state.emitter.on("create-document", ({ document }) => publish("created", document));
server.state.emitter.on("update-document", ({ document }) => publish("updated", document));
server.state.emitter.on("delete-document", ({ document }) => publish("deleted", document));

const events = http.createServer((request, response) => {
  if (request.method !== "GET" || !request.url.startsWith("/events")) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
  response.write(JSON.stringify({ seq, type: "hello" }) + "\n");
  subscribers.add(response);
  request.on("close", () => subscribers.delete(response));
});
events.listen(eventsPort, host, () => {
  const actual = events.address().port;
  console.log(`READY firestore=${host}:${port} events=http://${host}:${actual}/events`);
});

const stop = () => {
  server.stop();
  events.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (!process.stdin.isTTY) {
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();
}
