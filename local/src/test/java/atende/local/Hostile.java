package atende.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Malformed and hostile webhook bodies: broken JSON, wrong types, missing keys, deep nesting and huge
 * strings. None of them is a message that may be stored; each must get a 400 (or, for a well-formed
 * event we do not handle, a 200 "ignored").
 */
final class Hostile {
  private Hostile() {}

  private static final String[] WRONG_VALUES = {
      "1", "-1", "1.5e308", "true", "false", "null", "[]", "[\"3EB0\"]", "{}", "{\"id\":\"3EB0\"}", "\"\"", "\" \"",
      "0", "[null]", "{\"low\":1,\"high\":0}", "\"\\u0000\"",
  };

  static List<String> bodies(String run) {
    List<String> bodies = new ArrayList<>();
    // Not JSON at all, or broken JSON.
    for (String broken : new String[] {
        "", " ", "{", "}", "[", "nul", "tru", "{\"event\":}", "{\"event\":\"messages.upsert\",}", "{'event':'x'}",
        "{\"event\":\"messages.upsert\" \"instance\":\"a\"}", "<xml/>", "event=messages.upsert&instance=a", "\u0000\u0001\u0002",
        "{\"event\":\"messages.upsert\",\"instance\":\"a\",\"data\":{\"key\":{\"id\":\"3EB0\"", "\"unterminated", "{\"a\":01}",
        "{\"a\":NaN}", "{\"a\":Infinity}", "[1,2,]", "{\"event\":\"\\uZZZZ\"}", "\uFEFF{\"event\":\"messages.upsert\"}x",
    }) {
      bodies.add(broken);
    }
    // JSON, but not an object.
    for (String notObject : new String[] {"1", "0", "-3.2", "\"messages.upsert\"", "true", "false", "null", "[]", "[{}]",
        "[{\"event\":\"messages.upsert\"}]"}) {
      bodies.add(notObject);
    }
    // Objects that are not Evolution events.
    for (String missing : new String[] {"{}", "{\"instance\":\"a\"}", "{\"data\":{}}", "{\"event\":\"\"}", "{\"event\":\"   \"}",
        "{\"instance\":\"a\",\"data\":{\"key\":{\"id\":\"3EB0X\",\"remoteJid\":\"5511@s.whatsapp.net\"}}}"}) {
      bodies.add(missing);
    }
    // Wrong types for the envelope's keys.
    for (String wrong : WRONG_VALUES) {
      if (!wrong.startsWith("\"")) bodies.add("{\"event\":" + wrong + ",\"instance\":\"h-" + run + "\",\"data\":{}}");
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":" + wrong + ",\"data\":" + upsertData("\"3EB0H" + run + "\"", "\"5511900000001@s.whatsapp.net\"") + "}");
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h-" + run + "\",\"data\":" + (wrong.equals("{}") ? "\"x\"" : wrong) + "}");
    }
    // A messages.upsert whose key id or chat is absent or of the wrong type.
    for (String wrong : WRONG_VALUES) {
      bodies.add(upsert(run, wrong, "\"5511900000001@s.whatsapp.net\""));
      bodies.add(upsert(run, "\"3EB0H" + run + "\"", wrong));
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h-" + run + "\",\"data\":{\"key\":" + wrong
          + ",\"message\":{\"conversation\":\"oi\"}}}");
      bodies.add("{\"event\":\"MESSAGES_UPSERT\",\"instance\":\"h-" + run + "\",\"data\":{\"key\":{\"id\":" + wrong
          + ",\"remoteJid\":\"5511900000001@s.whatsapp.net\",\"fromMe\":false},\"message\":{\"conversation\":\"oi\"}}}");
      bodies.add("{\"event\":\"send.message\",\"instance\":\"h-" + run + "\",\"data\":{\"key\":{\"id\":" + wrong
          + ",\"remoteJid\":\"5511900000001@s.whatsapp.net\",\"fromMe\":true}}}");
    }
    // fromMe that cannot be read safely.
    for (String fromMe : new String[] {"{}", "[]", "\"maybe\"", "2", "\"sim\""}) {
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h-" + run + "\",\"data\":{\"key\":{\"id\":\"3EB0F" + run
          + "\",\"remoteJid\":\"5511900000001@s.whatsapp.net\",\"fromMe\":" + fromMe + "},\"message\":{\"conversation\":\"oi\"}}}");
    }
    // messages.update without any key id.
    for (String wrong : WRONG_VALUES) {
      bodies.add("{\"event\":\"messages.update\",\"instance\":\"h-" + run + "\",\"data\":{\"keyId\":" + wrong + ",\"status\":\"READ\"}}");
    }
    // Deep nesting.
    for (int depth : new int[] {2_000, 20_000, 100_000}) {
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h\",\"data\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
    }
    // Huge strings where short ones belong.
    for (int size : new int[] {10_000, 1_000_000, 5_000_000}) {
      String big = "x".repeat(size);
      bodies.add("{\"event\":\"" + big + "\",\"instance\":\"h\",\"data\":{}}");
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"" + big + "\",\"data\":" + upsertData("\"3EB0B\"", "\"5511900000001@s.whatsapp.net\"") + "}");
      bodies.add(upsert(run, "\"" + big + "\"", "\"5511900000001@s.whatsapp.net\""));
      bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h\",\"data\":{\"message\":{\"conversation\":\"" + big + "\"}}}");
    }
    // Well-formed events we do not handle: answered 200 "ignored", never stored.
    for (String event : new String[] {"qrcode.updated", "connection.update", "chats.update", "contacts.upsert", "presence.update",
        "groups.upsert", "call", "labels.edit", "typebot.start", "unknown.event", "MESSAGES_SET", "messages.delete"}) {
      bodies.add("{\"event\":\"" + event + "\",\"instance\":\"h-" + run + "\",\"data\":{\"state\":\"open\"}}");
      bodies.add("{\"event\":\"" + event + "\",\"instance\":\"h-" + run + "\",\"data\":[{\"remoteJid\":\"1@s.whatsapp.net\"}]}");
    }
    // Reactions, edits and group messages are ignored, not stored.
    bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h-" + run + "\",\"data\":{\"key\":{\"id\":\"3EB0R" + run
        + "\",\"remoteJid\":\"5511900000001@s.whatsapp.net\",\"fromMe\":false},\"message\":{\"reactionMessage\":{\"text\":\"👍\",\"key\":{\"id\":\"Z\"}}}}}");
    bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h-" + run + "\",\"data\":{\"key\":{\"id\":\"3EB0G" + run
        + "\",\"remoteJid\":\"120363000000000001@g.us\",\"fromMe\":false,\"participant\":\"5511900000001@s.whatsapp.net\"},\"message\":{\"conversation\":\"oi grupo\"}}}");
    bodies.add("{\"event\":\"messages.upsert\",\"instance\":\"h-" + run + "\",\"data\":{\"key\":{\"id\":\"3EB0S" + run
        + "\",\"remoteJid\":\"status@broadcast\",\"fromMe\":false},\"message\":{\"conversation\":\"status\"}}}");
    return bodies;
  }

  private static String upsert(String run, String id, String remoteJid) {
    return "{\"event\":\"messages.upsert\",\"instance\":\"h-" + run + "\",\"data\":" + upsertData(id, remoteJid) + "}";
  }

  private static String upsertData(String id, String remoteJid) {
    return "{\"key\":{\"id\":" + id + ",\"remoteJid\":" + remoteJid + ",\"fromMe\":false},\"pushName\":\"H\","
        + "\"message\":{\"conversation\":\"oi\"},\"messageTimestamp\":1760000000}";
  }
}
