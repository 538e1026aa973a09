package atende.functions;

import com.google.events.cloud.firestore.v1.Document;
import com.google.events.cloud.firestore.v1.DocumentEventData;
import com.google.events.cloud.firestore.v1.Value;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Firestore trigger's CloudEvent as plain Java values: the path and the fields before and after. */
record EventDocuments(List<String> path, Map<String, Object> before, Map<String, Object> after) {

  /** Null when the event carries no document (nothing to do). */
  static EventDocuments of(CloudEvent event) throws Exception {
    if (event.getData() == null) return null;
    DocumentEventData data = DocumentEventData.parseFrom(event.getData().toBytes());
    Document doc = data.hasValue() ? data.getValue() : data.getOldValue();
    String name = doc.getName();
    String relative = name.substring(name.indexOf("/documents/") + "/documents/".length());
    return new EventDocuments(List.of(relative.split("/")),
        data.hasOldValue() ? fields(data.getOldValue()) : null,
        data.hasValue() ? fields(data.getValue()) : null);
  }

  static Map<String, Object> fields(Document doc) {
    Map<String, Object> fields = new LinkedHashMap<>();
    doc.getFieldsMap().forEach((name, value) -> fields.put(name, plain(value)));
    return fields;
  }

  private static Object plain(Value value) {
    return switch (value.getValueTypeCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOLEAN_VALUE -> value.getBooleanValue();
      case INTEGER_VALUE -> value.getIntegerValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case TIMESTAMP_VALUE -> Instant.ofEpochSecond(value.getTimestampValue().getSeconds(), value.getTimestampValue().getNanos());
      case MAP_VALUE -> {
        Map<String, Object> map = new LinkedHashMap<>();
        value.getMapValue().getFieldsMap().forEach((k, v) -> map.put(k, plain(v)));
        yield map;
      }
      case ARRAY_VALUE -> {
        List<Object> list = new ArrayList<>();
        value.getArrayValue().getValuesList().forEach(v -> list.add(plain(v)));
        yield list;
      }
      case REFERENCE_VALUE -> value.getReferenceValue();
      default -> null;
    };
  }
}
