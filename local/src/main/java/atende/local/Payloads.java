package atende.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

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

  /**
   * A WhatsApp voice note ({@code audioMessage}, ptt) as fixture 03 has it, without the payload's
   * {@code base64}: the bytes must be fetched. {@code fromMe}: recorded on the business phone.
   */
  public static String voiceNote(String instance, String keyId, String phone, boolean fromMe, String pushName, int seconds) {
    ObjectNode audio = JSON.createObjectNode();
    audio.putObject("audioMessage")
        .put("url", "https://mmg.whatsapp.net/v/t62.7117-24/local-" + keyId + ".enc")
        .put("mimetype", "audio/ogg; codecs=opus")
        .put("fileLength", String.valueOf(2_000 * seconds))
        .put("seconds", seconds)
        .put("ptt", true)
        .put("directPath", "/v/t62.7117-24/local-" + keyId + ".enc")
        // What Evolution needs to download it again (getBase64FromMediaMessage); any 32 bytes, as base64.
        .put("mediaKey", Base64.getEncoder().encodeToString(Arrays.copyOf(keyId.getBytes(StandardCharsets.UTF_8), 32)))
        .put("mediaKeyTimestamp", String.valueOf(Instant.now().getEpochSecond()));
    return upsert(instance, keyId, phone, fromMe, pushName, audio, "audioMessage");
  }

  private static String upsert(String instance, String keyId, String phone, boolean fromMe, String pushName, String text) {
    ObjectNode message = JSON.createObjectNode().put("conversation", text);
    return upsert(instance, keyId, phone, fromMe, pushName, message, "conversation");
  }

  private static String upsert(String instance, String keyId, String phone, boolean fromMe, String pushName, ObjectNode message,
      String messageType) {
    ObjectNode root = JSON.createObjectNode();
    root.put("event", "messages.upsert");
    root.put("instance", instance);
    ObjectNode data = root.putObject("data");
    data.putObject("key").put("remoteJid", phone + "@s.whatsapp.net").put("fromMe", fromMe).put("id", keyId);
    if (pushName != null) data.put("pushName", pushName);
    data.put("status", fromMe ? "SERVER_ACK" : "DELIVERY_ACK");
    data.set("message", message);
    data.put("messageType", messageType);
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
