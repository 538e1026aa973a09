package atende.escalation;

import atende.platform.Ids;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one escalation notice goes. {@link #key()} names the channel in
 * {@code escalations/{id}.channels.{key}} and in the send claims, so it is stable across deliveries.
 */
public sealed interface Channel {
  String key();

  /**
   * What kind of channel it is ({@code team}, {@code customer}, {@code crm}), in the logs and as the
   * stem of {@link #key()}: stored, so it never changes.
   */
  default String kind() {
    return switch (this) {
      case Team t -> "team";
      case Customer c -> "customer";
      case Crm c -> "crm";
    };
  }

  /** The team number or group JID it goes to; null for the customer and the CRM. */
  default String target() {
    return null;
  }

  /** True for channels that reach the team (the customer handoff does not). */
  default boolean reachesTeam() {
    return !(this instanceof Customer);
  }

  /** A team number or group JID from {@code instances/{instance}.escalationTargets}. */
  record Team(String target) implements Channel {
    @Override
    public String key() {
      return kind() + "_" + Ids.slug(target);
    }
  }

  /** The customer's one handoff message (only when the escalation says they were not told yet). */
  record Customer(String chatJid) implements Channel {
    @Override
    public String key() {
      return kind();
    }
  }

  /** The CRM webhook. */
  record Crm() implements Channel {
    @Override
    public String key() {
      return kind();
    }
  }

  /**
   * The channels of one escalation: each distinct non-blank target, the customer unless already told
   * (and reachable), and the CRM when configured.
   */
  static List<Channel> plan(List<String> targets, boolean customerNotified, String customerJid, boolean crmConfigured) {
    List<Channel> channels = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String target : targets) {
      if (target == null || target.isBlank()) continue;
      String t = target.strip();
      if (seen.add(new Team(t).key())) channels.add(new Team(t));
    }
    if (!customerNotified && customerJid != null && !customerJid.isBlank()) channels.add(new Customer(customerJid));
    if (crmConfigured) channels.add(new Crm());
    return channels;
  }
}
