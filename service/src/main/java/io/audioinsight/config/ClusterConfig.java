package io.audioinsight.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Cluster mode (README "Running a cluster"): nodes join one Hazelcast cluster over TCP-IP (never multicast) and
 * share Vert.x's clustered event bus, over which a node whose pool is full forwards work to one with room.
 *
 * @param enabled off by default: the node is a single process exactly as without this record
 * @param host    the address this node binds and announces, for Hazelcast and the event bus alike (must be
 *                reachable from the other nodes)
 * @param port    Hazelcast's member port (membership, the clustered maps)
 * @param busPort the clustered event bus's TCP port (forwarded audio travels here)
 * @param members the other members to join, {@code host:port} of their Hazelcast ports (this node may be listed
 *                too); empty: the node starts a cluster of its own that others can join
 */
public record ClusterConfig(boolean enabled, String host, int port, int busPort, List<String> members) {

  public ClusterConfig {
    members = List.copyOf(members);
  }

  /** The default: off. */
  public static ClusterConfig off() {
    return new ClusterConfig(false, "127.0.0.1", 5701, 5801, List.of());
  }

  /** Parses {@code cluster.members}: comma-separated {@code host:port}; one line naming the key when malformed. */
  static List<String> parseMembers(String raw) {
    List<String> out = new ArrayList<>();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String part : raw.split(",", -1)) {
      String member = part.trim();
      int colon = member.lastIndexOf(':');
      boolean ok = colon > 0 && colon < member.length() - 1
          && member.substring(0, colon).matches("[A-Za-z0-9.\\-]+")
          && member.substring(colon + 1).matches("[0-9]{1,5}")
          && Integer.parseInt(member.substring(colon + 1)) >= 1
          && Integer.parseInt(member.substring(colon + 1)) <= 65_535;
      if (!ok) {
        throw new ConfigException("config key cluster.members must be a comma-separated list of host:port, got '"
            + raw + "' (bad entry '" + member + "')");
      }
      out.add(member);
    }
    return out;
  }
}
