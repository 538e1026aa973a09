package atende.local;

import atende.platform.Firestores;
import atende.platform.ContactIds;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * {@code dev/demo}: starts the local stack and replays the seed's scenarios through the real webhook —
 * a login problem, a VIP complaint (escalated, the team notified), a plans question, a burst of three
 * messages, a human takeover, a follow-up after silence, a resolution rated by the customer, a voice
 * note — then prints each conversation with the AI's decisions. Without Gemini configured the voice note
 * is played a second time against the Vertex stand-in ({@link FakeVertex}, a scripted transcript), to
 * show the understood path: the bytes fetched from Evolution, sent to the model, what was heard stored.
 */
public final class Demo {
  private static final String INSTANCE = "demo-" + UUID.randomUUID().toString().substring(0, 6);

  private record Scenario(String title, String phone, String name, List<Step> steps) {}

  /** Who acts: the customer on WhatsApp, an operator on the business phone, or an operator in the console. */
  private enum Actor { CUSTOMER, OPERATOR, CONSOLE_RESOLVE, TIME_PASSES, VOICE_NOTE }

  private record Step(String text, Actor actor) {
    boolean operator() {
      return actor == Actor.OPERATOR;
    }
  }

  private static Step customer(String text) {
    return new Step(text, Actor.CUSTOMER);
  }

  /** The customer records this (the words are what the Vertex stand-in is scripted to hear; the bytes are filler). */
  private static Step voiceNote(String said) {
    return new Step(said, Actor.VOICE_NOTE);
  }

  private static final int VOICE_NOTE_SECONDS = 7;
  private static final String VOICE_NOTE_SAID = "Oi, eu não tô conseguindo entrar no aplicativo, fica dizendo que a senha está errada.";
  private static final Scenario VOICE_NOTE = new Scenario("A voice note (what it says: “" + VOICE_NOTE_SAID + "”)",
      "5511987650108", "Helena Costa", List.of(voiceNote(VOICE_NOTE_SAID)));
  /** What the Vertex stand-in answers to the voice note: scripted, as a model that heard it might. */
  private static final String VOICE_NOTE_REPLY = "Oi, Helena! Entendi pelo seu áudio que o aplicativo diz que a senha está errada. "
      + "Para redefinir, acesse app.exemplo.com.br/recuperar, informe seu e-mail e siga o link que enviaremos em até 5 minutos.";

  /** The team number that receives escalation notices in the demo. */
  private static final String TEAM = "5511900000001";

  private final LocalStack stack;
  private final Firestore db;
  private final WebhookClient webhook;

  private Demo(LocalStack stack) {
    this.stack = stack;
    this.db = stack.firestore();
    this.webhook = new WebhookClient(stack.webhookUrl(), stack.token());
  }

  public static void main(String[] args) {
    System.out.println("Starting the local stack (Firestore emulator, functions, local Eventarc, Evolution stand-in)...");
    try {
      boolean gemini;
      try (LocalStack stack = LocalStack.start()) {
        stack.startSweep(Duration.ofSeconds(2));
        gemini = stack.settings().geminiConfigured();
        new Demo(stack).run();
      }
      if (!gemini) understoodVoiceNote();
    } catch (Exception e) {
      // The stack's servers are not daemons: without an exit a failed demo would hang instead of failing.
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /**
   * The voice note again, with Gemini configured against the local Vertex stand-in, which "hears" the
   * scripted words: after the first stack closed, so only this one's functions answer (same emulator).
   */
  private static void understoodVoiceNote() {
    System.out.println("The voice note again, understood: Gemini configured against the local Vertex stand-in (FakeVertex),");
    System.out.println("which reads the audio part and is scripted to hear the words above; no real model is called.\n");
    Scenario again = new Scenario("A voice note, understood (local stand-in for Gemini, scripted transcript)",
        "5511987650109", VOICE_NOTE.name(), VOICE_NOTE.steps());
    try (LocalStack stack = LocalStack.withFakeVertex()) {
      FakeVertex vertex = stack.vertex();
      vertex.decider(request -> (com.fasterxml.jackson.databind.node.ObjectNode) FakeVertex.decision("technical", "medium", "neutral",
          VOICE_NOTE_REPLY).set("mediaText", FakeVertex.heard(request, VOICE_NOTE_SAID)));
      System.out.println(new Demo(stack).play(again));
    }
  }

  private void run() throws Exception {
    seed();
    List<Scenario> scenarios = List.of(
        new Scenario("Login problem", "5511987650101", "Ana Lima", List.of(customer("Não consigo fazer login no sistema"))),
        new Scenario("VIP complaint", "5511987650102", "Carlos Mendes", List.of(
            customer("Estou muito insatisfeito, é a terceira vez que o sistema cai essa semana!"))),
        new Scenario("Plans question", "5511987650103", "Beatriz Rocha", List.of(customer("Quais são os planos disponíveis?"))),
        new Scenario("A burst of three messages, one reply", "5511987650104", "Diego Alves", List.of(
            customer("oi"), customer("to precisando de ajuda"), customer("como faço pra redefinir minha senha?"))),
        new Scenario("Human takeover", "5511987650105", "Elisa Prado", List.of(
            customer("Quero cancelar meu pedido"),
            new Step("Oi Elisa, aqui é a Paula do atendimento, vou cuidar do seu caso.", Actor.OPERATOR),
            customer("Obrigada, Paula!"))),
        new Scenario("Plans question, then silence: a follow-up", "5511987650107", "Gabriela Souza", List.of(
            customer("Quanto custa o plano Profissional?"),
            new Step("(the follow-up falls due: the demo moves followUpDueAt to now; the sweep ticks every 2 s)", Actor.TIME_PASSES))),
        new Scenario("Resolved by a person, then rated", "5511987650106", "Fábio Nunes", List.of(
            customer("Como faço para redefinir minha senha?"),
            new Step("(console: status → resolved)", Actor.CONSOLE_RESOLVE),
            customer("10"))),
        VOICE_NOTE);
    System.out.printf("Replaying %d scenarios on instance %s (debounce %ds)...%n%n", scenarios.size(), INSTANCE, 2);
    List<CompletableFuture<String>> runs = new ArrayList<>();
    for (Scenario scenario : scenarios) runs.add(CompletableFuture.supplyAsync(() -> play(scenario)));
    for (CompletableFuture<String> run : runs) System.out.println(run.get());
    System.out.printf("Sent through Evolution: %d messages. Open the emulator's data with dev/stack to explore.%n",
        stack.evolution().sent().size());
  }

  private void seed() {
    Firestores.await(db.collection("instances").document(INSTANCE).set(Map.of(
        "debounceSeconds", 2, "language", "pt-BR", "persona", "Atende, assistente da Loja Exemplo",
        "escalationTargets", List.of(TEAM))));
    feedKnowledge();
    Firestores.await(db.collection("customers").document(new ContactIds(() -> stack.settings().idKey().orElse(ContactIds.DEV_KEY)).customer(INSTANCE, "5511987650102")).set(Map.of(
        "instance", INSTANCE, "phone", "5511987650102", "name", "Carlos Mendes", "tier", "vip")));
  }

  /** The company's help page, served on this machine as a business's site would serve it. */
  private static final String HELP_PAGE = """
      <!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Central de ajuda | Loja Exemplo</title>
      <script>window.dataLayer = [];</script></head>
      <body><header><nav><a href="/">Início</a> · <a href="/planos">Planos</a> · <a href="/ajuda">Ajuda</a></nav></header>
      <main>
        <h1>Central de ajuda</h1>
        <h2>Planos disponíveis</h2>
        <p>Temos três planos: Básico (R$ 49/mês), Profissional (R$ 99/mês) e Empresarial (R$ 249/mês).
           Todos podem ser testados grátis por 14 dias.</p>
        <h2>Cancelamento de pedidos</h2>
        <p>Pedidos podem ser cancelados sem custo em até 7 dias após a compra, pelo menu Meus Pedidos.</p>
      </main>
      <footer>© 2026 Loja Exemplo · Todos os direitos reservados · Política de privacidade</footer></body></html>
      """;

  /** What an operator pasted into the console: the login procedure. */
  private static final String PASTED_PROCEDURE = """
      # Como redefinir sua senha / problemas de login
      Para redefinir sua senha, acesse app.exemplo.com.br/recuperar, informe seu e-mail e siga o link que enviaremos
      em até 5 minutos. Se o login continuar falhando, limpe o cache do navegador.
      """;

  /**
   * Feeds the knowledge base the way an operator does (README "Feeding the knowledge base"): the help
   * page's address and a pasted procedure in {@code knowledgeSources/*}; the sync turns them into chunks.
   */
  private void feedKnowledge() {
    com.sun.net.httpserver.HttpServer site = LoopbackServer.start(exchange -> {
      byte[] body = HELP_PAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    Map<String, Map<String, Object>> sources = Map.of(
        "demo-help-page", Map.of("url", LoopbackServer.url(site) + "/ajuda", "kind", "faq"),
        "demo-login", Map.of("text", PASTED_PROCEDURE, "kind", "procedure", "tags", List.of("senha", "login", "acesso", "entrar")));
    sources.forEach((id, fields) -> Firestores.await(db.collection("knowledgeSources").document(id).set(fields)));
    for (String id : sources.keySet()) {
      await(() -> Firestores.await(db.collection("knowledgeSources").document(id).get()),
          doc -> "synced".equals(doc.getString("status")) || "error".equals(doc.getString("status")));
      DocumentSnapshot source = Firestores.await(db.collection("knowledgeSources").document(id).get());
      System.out.printf("Knowledge source %s (%s): %s, %s chunks%s%n", id,
          source.contains("url") ? "a page at " + source.getString("url") : "pasted text", source.getString("status"),
          source.getLong("chunks"), source.getString("error.message") != null ? " — " + source.getString("error.message") : "");
    }
    site.stop(0);
  }

  private String play(Scenario scenario) {
    String ticketId = null;
    for (Step step : scenario.steps()) {
      if (step.actor() == Actor.TIME_PASSES) {
        String id = ticketId;
        await(() -> Firestores.await(db.collection("tickets").document(id).get()), t -> t.get("followUpDueAt") != null);
        com.google.cloud.Timestamp now = com.google.cloud.Timestamp.now();
        Firestores.await(db.collection("tickets").document(id).update("followUpDueAt", now, "followUp.dueAt", now));
        // Sent, and the next attempt scheduled (or the ticket closed).
        await(() -> Firestores.await(db.collection("tickets").document(id).get()),
            t -> !now.equals(t.getTimestamp("followUpDueAt")) && messages(id).stream().anyMatch(m -> m.getId().startsWith("followup-")));
        continue;
      }
      if (step.actor() == Actor.CONSOLE_RESOLVE) {
        String id = ticketId;
        Firestores.await(db.collection("tickets").document(id).update("status", "resolved"));
        await(() -> Firestores.await(db.collection("tickets").document(id).get()), t -> t.get("npsAskedAt") != null);
        continue;
      }
      String key = Keys.messageKey();
      if (step.actor() == Actor.VOICE_NOTE) stack.evolution().registerMedia(key, OggOpus.voiceNote(VOICE_NOTE_SECONDS));
      String body = switch (step.actor()) {
        case OPERATOR -> Payloads.operatorText(INSTANCE, key, scenario.phone(), step.text());
        // As WhatsApp delivers it: no bytes in the payload; the AI turn fetches them from Evolution when it can listen.
        case VOICE_NOTE -> Payloads.voiceNote(INSTANCE, key, scenario.phone(), false, scenario.name(), VOICE_NOTE_SECONDS);
        default -> Payloads.customerText(INSTANCE, key, scenario.phone(), scenario.name(), step.text());
      };
      WebhookClient.Reply reply = webhook.post(body);
      if (reply.status() != 200) return scenario.title() + ": the webhook answered " + reply.status() + " " + reply.body();
      ticketId = reply.body().path("ticketId").asText(ticketId);
      if (step.operator()) pause(300);
      boolean waitForAnswer = scenario.steps().indexOf(step) == 0
          && scenario.steps().size() > 1;
      if (waitForAnswer) {
        String id = ticketId;
        await(() -> messages(id), ms -> ms.stream().anyMatch(m -> "answered".equals(m.getString("status"))));
      }
    }
    String id = ticketId;
    await(() -> messages(id), ms -> ms.stream().filter(m -> "customer".equals(m.getString("author")))
        .noneMatch(m -> "received".equals(m.getString("status")) || "processing".equals(m.getString("status"))));
    DocumentSnapshot ticket = Firestores.await(db.collection("tickets").document(id).get());
    if (Boolean.TRUE.equals(ticket.getBoolean("escalated"))) {
      await(() -> Firestores.await(db.collection("tickets").document(id).get()), t -> t.get("escalation.notifiedAt") != null);
    }
    return transcript(scenario, id);
  }

  private String transcript(Scenario scenario, String ticketId) {
    StringBuilder out = new StringBuilder();
    DocumentSnapshot ticket = Firestores.await(db.collection("tickets").document(ticketId).get());
    out.append("== ").append(scenario.title()).append(" — ").append(scenario.name())
        .append(" (ticket ").append(ticketId).append(")\n");
    for (QueryDocumentSnapshot m : messages(ticketId)) {
      String who = switch (String.valueOf(m.getString("author"))) {
        case "customer" -> "customer";
        case "ai", "system" -> "Atende  ";
        case "human" -> "operator";
        default -> "system  ";
      };
      String text = m.get("media") == null ? m.getString("text")
          : "[" + m.getString("type") + (m.get("media.seconds") == null ? "" : ", " + m.getLong("media.seconds") + " s") + "]"
              + (m.getString("text") == null ? "" : " " + m.getString("text"));
      out.append("  ").append(who).append(": ")
          .append(String.valueOf(text).replaceAll("\n+", "\n            ")).append('\n');
      if (m.getString("mediaText") != null) {
        out.append("            ↳ heard: \"").append(m.getString("mediaText")).append("\" (").append(m.getLong("media.tokens"))
            .append(" input tokens").append(m.get("media.fetchMs") == null ? "" : ", fetched from Evolution in " + m.getLong("media.fetchMs") + " ms")
            .append(")\n");
      } else if (m.getString("media.unread") != null) {
        out.append("            ↳ not heard (").append(m.getString("media.unread")).append(")\n");
      }
      if ("customer".equals(m.getString("author")) && m.get("ai") != null) {
        out.append(String.format("            ↳ %s/%s, sentiment %s, confidence %.2f, escalate %s%s, follow-up %s, engine %s%n",
            m.getString("ai.category"), m.getString("ai.priority"), m.getString("ai.sentiment"), m.getDouble("ai.confidence"),
            Boolean.TRUE.equals(m.getBoolean("ai.escalate")) ? "YES" : "no",
            Boolean.TRUE.equals(m.getBoolean("ai.escalate")) ? " (" + m.getString("ai.reason") + ")" : "",
            m.get("ai.followUp") == null ? "none" : m.getString("ai.followUp"), m.getString("ai.engine")));
      } else if ("customer".equals(m.getString("author")) && !"answered".equals(m.getString("status"))) {
        out.append("            ↳ ").append(m.getString("status"))
            .append(m.getString("skipReason") != null ? " (" + m.getString("skipReason") + ")" : "")
            .append('\n');
      }
    }
    out.append("  ticket: status ").append(ticket.getString("status"))
        .append(", ").append(ticket.getString("category")).append('/').append(ticket.getString("priority"))
        .append(Boolean.TRUE.equals(ticket.getBoolean("aiPaused")) ? ", AI paused (a human took over)" : "")
        .append(ticket.getTimestamp("followUpDueAt") == null || !"waiting_customer".equals(ticket.getString("status")) ? ""
            : ", next follow-up due " + ticket.getTimestamp("followUpDueAt").toDate().toInstant())
        .append(ticket.get("nps") == null ? "" : ", NPS answer " + ticket.getLong("nps"))
        .append('\n');
    if (ticket.get("escalation.notifiedAt") != null) {
      out.append("  escalation: ").append(ticket.get("escalation.reasons")).append(" → notice sent to the team (")
          .append(TEAM).append("):\n");
      stack.evolution().sent().stream().filter(m -> m.number().startsWith(TEAM) && m.text().contains(ticketId))
          .forEach(m -> out.append("            ").append(m.text().replaceAll("\n+", "\n            ")).append('\n'));
    }
    return out.toString();
  }

  private List<QueryDocumentSnapshot> messages(String ticketId) {
    return Firestores.await(db.collection("tickets").document(ticketId).collection("messages")
        .orderBy("createdAt", Query.Direction.ASCENDING).get()).getDocuments();
  }

  /** Waits up to 45 s for {@code done}; the transcript shows whatever is still pending after that. */
  private static <T> void await(java.util.function.Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (!done.test(probe.get())) {
      if (System.nanoTime() > deadline) return; // the transcript then shows what is still pending
      pause(100);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
