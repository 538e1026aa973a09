package atende.escalation;

import atende.platform.WireEnum;

/** A channel's outcome in {@code escalations/{id}.channels.{key}.status}: only {@link #SENT} is never sent again. */
public enum ChannelStatus implements WireEnum { SENT, FAILED }
