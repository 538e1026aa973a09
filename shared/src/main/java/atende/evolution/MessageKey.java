package atende.evolution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message's {@code data.key} as Evolution names it: what {@code getBase64FromMediaMessage} needs,
 * with the media node, to download a message's media again. Its map form keeps Evolution's own
 * field names because it goes back to Evolution as it came.
 *
 * @param participant the group author's JID; null outside groups (Evolution sends {@code ""} there)
 */
public record MessageKey(String id, String remoteJid, boolean fromMe, String participant) {
  public MessageKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(remoteJid, "remoteJid");
    if (participant != null && participant.isBlank()) participant = null;
  }

  /** {@code {id, remoteJid, fromMe, participant?}}: the request's {@code message.key} and a Firestore map. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", id);
    map.put("remoteJid", remoteJid);
    map.put("fromMe", fromMe);
    if (participant != null) map.put("participant", participant);
    return map;
  }

  /** The key back from its {@link #toMap} form (as read from Firestore); empty when id or remoteJid is missing. */
  public static Optional<MessageKey> fromMap(Map<String, ?> map) {
    if (map == null || !(map.get("id") instanceof String id) || !(map.get("remoteJid") instanceof String remoteJid)) {
      return Optional.empty();
    }
    return Optional.of(new MessageKey(id, remoteJid, Boolean.TRUE.equals(map.get("fromMe")),
        map.get("participant") instanceof String participant ? participant : null));
  }
}
