package io.audioinsight.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The SSRF guard's rules: which resolved addresses a URL fetch (audio_url, callback_url) may connect to. Anything
 * that is not a public unicast address is refused, and the refusal names the rule. Checked on the addresses a host
 * name resolves to (all of them), and again on every redirect hop; the connection then goes to the checked
 * address, so a second DNS answer cannot swap in another one.
 */
public final class AddressRules {

  private AddressRules() {}

  /** The rule {@code address} breaks (e.g. "loopback (127.0.0.0/8, ::1)"), or null when it is a public address. */
  public static String broken(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      Inet4Address embedded = embeddedV4(b);
      if (embedded != null) {
        return broken(embedded);
      }
      if (v6.isLoopbackAddress()) {
        return "loopback (127.0.0.0/8, ::1)";
      }
      if (v6.isAnyLocalAddress()) {
        return "unspecified address (0.0.0.0, ::)";
      }
      if ((b[0] & 0xFE) == 0xFC) {
        return "unique local IPv6 (fc00::/7)";
      }
      if (v6.isLinkLocalAddress() || v6.isSiteLocalAddress()) {
        return "link-local IPv6 (fe80::/10, fec0::/10)";
      }
      if (v6.isMulticastAddress()) {
        return "multicast";
      }
      if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x01 && b[2] == 0x0D && (b[3] & 0xFF) == 0xB8) {
        return "documentation IPv6 (2001:db8::/32)";
      }
      if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
        return "6to4 (2002::/16), which can reach private IPv4 addresses";
      }
      if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x01 && b[2] == 0 && b[3] == 0) {
        return "Teredo (2001::/32), which can reach private IPv4 addresses";
      }
      return null;
    }
    byte[] a = address.getAddress();
    int o0 = a[0] & 0xFF;
    int o1 = a[1] & 0xFF;
    if (o0 == 127) {
      return "loopback (127.0.0.0/8, ::1)";
    }
    if (o0 == 0) {
      return "unspecified address (0.0.0.0/8)";
    }
    if (o0 == 10 || (o0 == 172 && o1 >= 16 && o1 <= 31) || (o0 == 192 && o1 == 168)) {
      return "private network (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)";
    }
    if (o0 == 169 && o1 == 254) {
      return "link-local and cloud metadata (169.254.0.0/16, e.g. 169.254.169.254)";
    }
    if (o0 == 100 && o1 >= 64 && o1 <= 127) {
      return "carrier-grade NAT (100.64.0.0/10)";
    }
    if (o0 == 192 && o1 == 0 && (a[2] & 0xFF) == 0) {
      return "IETF protocol assignments (192.0.0.0/24)";
    }
    if (o0 == 198 && (o1 == 18 || o1 == 19)) {
      return "benchmarking network (198.18.0.0/15)";
    }
    if (o0 >= 224) {
      return "multicast or reserved (224.0.0.0/3)";
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) IPv6 address. */
  private static Inet4Address embeddedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return null;
      }
    }
    boolean mapped = (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
    if (!mapped && !compatible) {
      return null;
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
