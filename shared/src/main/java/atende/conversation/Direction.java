package atende.conversation;

import atende.platform.WireEnum;

public enum Direction implements WireEnum { INBOUND, OUTBOUND }
