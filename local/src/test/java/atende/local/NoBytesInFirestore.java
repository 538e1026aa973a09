package atende.local;

import com.google.cloud.firestore.Blob;
import atende.platform.Firestores;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds what looks like media bytes in Firestore documents (docs/design.md "Media": bytes never live in
 * a document): a long base64 run, a Blob, or bytes serialised as an index object {@code {"0": 255, ...}}.
 */
final class NoBytesInFirestore {
  private NoBytesInFirestore() {}

  /**
   * Longer than anything a message legitimately keeps in that alphabet: the 44-character mediaKey a
   * fetch needs, the id-like runs inside WhatsApp's CDN URLs (broken by {@code -_?&.}).
   */
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/]{80,}={0,2}");

  /** What intake writes for a message: its ticket and the ticket's messages, the instance's customers and key index. */
  static List<DocumentSnapshot> writtenFor(Firestore db, String instance, String ticketId) {
    List<DocumentSnapshot> documents = new ArrayList<>();
    documents.add(Firestores.await(db.collection("tickets").document(ticketId).get()));
    documents.addAll(Firestores.await(db.collection("tickets").document(ticketId).collection("messages").get()).getDocuments());
    documents.addAll(Firestores.await(db.collection("customers").whereEqualTo("instance", instance).get()).getDocuments());
    documents.addAll(Firestores.await(db.collection("messageKeys").whereEqualTo("instance", instance).get()).getDocuments());
    return documents;
  }

  /** {@code path.field: what} for every offending value of these documents. */
  static List<String> offences(List<? extends DocumentSnapshot> documents) {
    List<String> found = new ArrayList<>();
    for (DocumentSnapshot document : documents) {
      if (document.exists()) scan(document.getReference().getPath(), document.getData(), found);
    }
    return found;
  }

  private static void scan(String path, Object value, List<String> found) {
    switch (value) {
      case String text when BASE64_RUN.matcher(text).find() -> found.add(path + ": base64-like run in \"" + abbreviated(text) + "\"");
      case Blob blob -> found.add(path + ": a Blob of " + blob.toBytes().length + " bytes");
      case Map<?, ?> map when map.containsKey("0") && map.containsKey("1") -> found.add(path + ": an index object (bytes)");
      case Map<?, ?> map -> map.forEach((key, inner) -> scan(path + "." + key, inner, found));
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) scan(path + "[" + i + "]", list.get(i), found);
      }
      case null, default -> {}
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "…";
  }
}
