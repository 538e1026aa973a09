package atende.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Evolution v2.3 {@code messages.upsert} bodies in the shape real servers send
 * (shared/src/test/resources/evolution/01 and 08), for the demo, benchmarks and tests.
 */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  /** A text typed by a customer. */
  public static String customerText(String instance, String keyId, String phone, String pushName, String text) {
    return upsert(instance, keyId, phone, false, pushName, text);
  }

  /** A text typed by a person on the business's own phone (fromMe, not sent through the API). */
  public static String operatorText(String instance, String keyId, String phone, String text) {
    return upsert(instance, keyId, phone, true, null, text);
  }

  private static String upsert(String instance, String keyId, String phone, boolean fromMe, String pushName, String text) {
    ObjectNode root = JSON.createObjectNode();
    root.put("event", "messages.upsert");
    root.put("instance", instance);
    ObjectNode data = root.putObject("data");
    data.putObject("key").put("remoteJid", phone + "@s.whatsapp.net").put("fromMe", fromMe).put("id", keyId);
    if (pushName != null) data.put("pushName", pushName);
    data.put("status", fromMe ? "SERVER_ACK" : "DELIVERY_ACK");
    data.putObject("message").put("conversation", text);
    data.put("messageType", "conversation");
    data.put("messageTimestamp", Instant.now().getEpochSecond());
    data.put("instanceId", "2f0c7a8e-1c1e-4d5e-9b7a-000000000001");
    data.put("source", fromMe ? "android" : "web");
    root.put("destination", "http://127.0.0.1/webhook/evolution");
    root.put("date_time", Instant.now().toString());
    root.put("sender", "5511900000000@s.whatsapp.net");
    root.put("server_url", "http://127.0.0.1:8081");
    root.putNull("apikey");
    return root.toString();
  }
}
