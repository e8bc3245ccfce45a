package io.audioinsight.fetch;

import io.audioinsight.api.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A URL checked for fetching: http or https, a host that resolves, and (unless {@code fetch.allow_private_networks})
 * only public addresses among everything it resolves to. The connection is made to {@link #address}, the address
 * that was checked.
 */
public record SafeTarget(URI uri, boolean https, String host, int port, InetAddress address) {

  /** Checks {@code uri} for the parameter {@code name}; fails with a 400 problem that names the rule it breaks. */
  public static Future<SafeTarget> check(Vertx vertx, URI uri, String name, boolean allowPrivate) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Future.failedFuture(refused(name, "scheme", name + " must be an http or https URL, got scheme '"
          + shorten(scheme) + "'"));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Future.failedFuture(refused(name, "invalid_url", name + " has no host"));
    }
    if (uri.getRawUserInfo() != null) {
      return Future.failedFuture(refused(name, "invalid_url", name + " must not carry credentials (user:password@)"));
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    // Resolving may block on the system resolver: never on an event loop.
    return vertx.executeBlocking(() -> {
      InetAddress[] all;
      try {
        all = InetAddress.getAllByName(bare);
      } catch (UnknownHostException e) {
        throw refused(name, "dns", name + ": the host " + shorten(bare) + " does not resolve");
      }
      if (!allowPrivate) {
        for (InetAddress a : all) {
          String rule = AddressRules.broken(a);
          if (rule != null) {
            throw refused(name, "ssrf", name + ": the host " + shorten(bare) + " resolves to " + a.getHostAddress()
                + ", which is refused by the rule: no " + rule + " addresses (fetch.allow_private_networks is off)");
          }
        }
      }
      return new SafeTarget(uri, https, bare, port, all[0]);
    }, false);
  }

  static FetchException refused(String name, String reason, String detail) {
    return new FetchException(reason, Problem.of(400, "url-refused", "URL refused", detail).withParameter(name));
  }

  static String shorten(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
