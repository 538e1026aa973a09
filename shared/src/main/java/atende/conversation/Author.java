package atende.conversation;

import atende.platform.WireEnum;

public enum Author implements WireEnum { CUSTOMER, AI, HUMAN, SYSTEM }
