package atende.knowledge.sources;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a knowledge-source fetch must never reach: everything that is not globally
 * routable, so an operator's URL (or a page's redirect) cannot make the function read the metadata
 * server or a service inside the network. The blocks are the IANA special-purpose registries
 * (RFC 6890 and its updates: iana.org/assignments/iana-ipv4-special-registry and
 * iana-ipv6-special-registry), written out because {@link InetAddress#isSiteLocalAddress()} and its
 * siblings miss 100.64/10, 198.18/15, 192.0.0/24, fc00::/7, NAT64 and others. Where the registry
 * marks a block globally reachable but no web page lives there (2001::/23), it is refused too.
 */
final class ForbiddenAddresses {
  private static final String METADATA = "the metadata server is never fetched";
  /** The Compute Engine metadata server's names (cloud.google.com/compute/docs/metadata/querying-metadata). */
  private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata");
  private static final byte[] METADATA_ADDRESS = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};
  private static final String LOOPBACK = "a loopback address";

  private record Block(byte[] prefix, int bits, String what) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) return false;
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) return false;
      }
      return true;
    }
  }

  private static final List<Block> IPV4 = List.of(
      block("0.0.0.0/8", "an unspecified (\"this network\") address"),
      block("10.0.0.0/8", "a private address"),
      block("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
      block("127.0.0.0/8", LOOPBACK),
      block("169.254.0.0/16", "a link-local address"),
      block("172.16.0.0/12", "a private address"),
      block("192.0.0.0/24", "an IETF protocol address"),
      block("192.0.2.0/24", "a documentation address"),
      block("192.88.99.0/24", "a reserved (6to4 relay) address"),
      block("192.168.0.0/16", "a private address"),
      block("198.18.0.0/15", "a benchmarking address"),
      block("198.51.100.0/24", "a documentation address"),
      block("203.0.113.0/24", "a documentation address"),
      block("224.0.0.0/4", "a multicast address"),
      block("255.255.255.255/32", "the broadcast address"),
      block("240.0.0.0/4", "a reserved address"));

  private static final List<Block> IPV6 = List.of(
      block("::/128", "an unspecified address"),
      block("::1/128", LOOPBACK),
      block("64:ff9b:1::/48", "a local NAT64 address"),
      block("100::/64", "a discard-only address"),
      block("2001:db8::/32", "a documentation address"),
      block("2001::/23", "an IETF protocol address (Teredo, benchmarking, ORCHID)"),
      block("fc00::/7", "a private (unique-local) address"),
      block("fe80::/10", "a link-local address"),
      block("fec0::/10", "a private (site-local) address"),
      block("ff00::/8", "a multicast address"),
      // Global unicast is 2000::/3 (RFC 4291 2.4); everything else is unassigned or special.
      new Block(new byte[] {0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 3, null));

  private ForbiddenAddresses() {}

  /** Refuses the metadata server's names before anything is resolved. */
  static Optional<String> refusalByName(String host) {
    String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
    return METADATA_NAMES.contains(name) ? Optional.of(METADATA) : Optional.empty();
  }

  /** Why the IP literal {@code host} (as OkHttp wrote it) must not be fetched, or empty when it may be. */
  static Optional<String> refusalOfLiteral(String host, InetAddress address, boolean allowLoopback) {
    if (Arrays.equals(address.getAddress(), METADATA_ADDRESS)) return Optional.of(METADATA);
    return what(address.getAddress(), allowLoopback).map(what -> host + " is " + what);
  }

  /** Why {@code host}, which resolved to {@code address}, must not be fetched, or empty when it may be. */
  static Optional<String> refusalOfResolved(String host, InetAddress address, boolean allowLoopback) {
    if (Arrays.equals(address.getAddress(), METADATA_ADDRESS)) return Optional.of(METADATA);
    return what(address.getAddress(), allowLoopback)
        .map(what -> host + " resolves to " + address.getHostAddress() + ", " + what);
  }

  private static Optional<String> what(byte[] address, boolean allowLoopback) {
    if (address.length == 4) return firstBlock(IPV4, address, allowLoopback);
    byte[] embedded = embeddedIpv4(address);
    if (embedded != null) {
      return what(embedded, allowLoopback).map(what -> "an address embedding " + ipv4Text(embedded) + ", " + what);
    }
    for (Block block : IPV6) {
      if (block.what() == null) return block.contains(address) ? Optional.empty() : Optional.of("a reserved address");
      if (block.contains(address)) return allowed(block, allowLoopback) ? Optional.empty() : Optional.of(block.what());
    }
    throw new IllegalStateException("the IPv6 table ends with the global unicast block");
  }

  private static Optional<String> firstBlock(List<Block> blocks, byte[] address, boolean allowLoopback) {
    for (Block block : blocks) {
      if (block.contains(address)) return allowed(block, allowLoopback) ? Optional.empty() : Optional.of(block.what());
    }
    return Optional.empty();
  }

  private static boolean allowed(Block block, boolean allowLoopback) {
    return allowLoopback && LOOPBACK.equals(block.what());
  }

  /**
   * The IPv4 address an IPv6 address carries to: IPv4-mapped ::ffff:0:0/96 and IPv4-compatible ::/96
   * (RFC 4291 2.5.5), NAT64 64:ff9b::/96 (RFC 6052) and 6to4 2002::/16 (RFC 3056); such an address
   * reaches that IPv4 host, so it is judged as that host. Null when there is none (:: and ::1 are
   * themselves, not 0.0.0.0 and 0.0.0.1).
   */
  private static byte[] embeddedIpv4(byte[] a) {
    boolean firstTenZero = Arrays.equals(a, 0, 10, new byte[10], 0, 10);
    if (firstTenZero && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) return Arrays.copyOfRange(a, 12, 16);
    if (firstTenZero && a[10] == 0 && a[11] == 0) {
      boolean unspecifiedOrLoopback = Arrays.equals(a, 12, 15, new byte[3], 0, 3) && (a[15] == 0 || a[15] == 1);
      return unspecifiedOrLoopback ? null : Arrays.copyOfRange(a, 12, 16);
    }
    byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (Arrays.equals(a, 0, 12, nat64, 0, 12)) return Arrays.copyOfRange(a, 12, 16);
    if (a[0] == 0x20 && a[1] == 0x02) return Arrays.copyOfRange(a, 2, 6);
    return null;
  }

  private static String ipv4Text(byte[] a) {
    return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
  }

  private static Block block(String cidr, String what) {
    int slash = cidr.indexOf('/');
    try {
      // Literals only: InetAddress parses them without a DNS query.
      byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), what);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(cidr, e);
    }
  }
}
