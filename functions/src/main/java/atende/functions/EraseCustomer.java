package atende.functions;

import atende.conversation.CustomerSchema;
import atende.erasure.CustomerErasure;
import atende.platform.Settings;
import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.util.Map;

/**
 * Firestore trigger on {@code customers/{c}}: {@code erase} turning true erases the customer (LGPD;
 * docs/design.md "Guards and personal data"). Only that change is work: the erasure's own writes (the
 * tombstone, a failure status) leave {@code erase} as it was or remove it, so they never trigger another
 * erasure, while Eventarc's retry of a failed one redelivers the same change.
 */
public final class EraseCustomer implements CloudEventsFunction {
  private final CustomerErasure erasure;

  public EraseCustomer() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public EraseCustomer(Settings settings) {
    this.erasure = Wiring.of(settings).customerErasure();
  }

  @Override
  public void accept(CloudEvent event) throws Exception {
    EventDocuments change = EventDocuments.of(event);
    if (change == null || change.path().size() != 2 || !"customers".equals(change.path().get(0))) return;
    if (asked(change.after()) && !asked(change.before())) erasure.eraseIfAsked(change.path().get(1));
  }

  private static boolean asked(Map<String, Object> customer) {
    return customer != null && Boolean.TRUE.equals(customer.get(CustomerSchema.ERASE));
  }
}
