package atende.agent;

import static atende.platform.Firestores.await;

import atende.conversation.CustomerSchema;
import com.google.cloud.firestore.Firestore;

/** The customer profile the escalation rules read: {@code customers/{id}.tier}. */
public final class Customers {
  private final Firestore db;

  public Customers(Firestore db) {
    this.db = db;
  }

  /** A VIP's complaint always reaches a person (seed 5.1.6); an unknown customer is not a VIP. */
  public boolean vip(String customerId) {
    return CustomerSchema.TIER_VIP.equals(
        await(db.collection(CustomerSchema.COLLECTION).document(customerId).get()).getString(CustomerSchema.TIER));
  }
}
