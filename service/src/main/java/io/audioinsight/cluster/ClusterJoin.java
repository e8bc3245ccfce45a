package io.audioinsight.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import io.audioinsight.config.ClusterConfig;
import io.audioinsight.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds a clustered Vertx: Hazelcast configured in code (TCP-IP join to {@code cluster.members}, multicast and
 * auto-detection off, bound to {@code cluster.host}), the event bus on {@code cluster.host:cluster.bus_port}. The
 * returned future completes once the node has joined, so nothing of the service runs before that.
 */
public final class ClusterJoin {

  /** Kept so that the level set on it is not lost when the logger is collected. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  /**
   * How long a silent member stays a member. Hazelcast's default (60 s) would hold requests forwarded to a killed
   * node until their deadline; the deadline still bounds them, but a dead node should stop receiving work sooner.
   */
  static final int MAX_NO_HEARTBEAT_SECONDS = 6;

  private ClusterJoin() {}

  /** A clustered Vertx from {@code builder} (options and metrics already set), joined to the cluster. */
  public static Future<Joined> join(ClusterConfig cluster, VertxOptions options, VertxBuilder builder) {
    // Hazelcast logs each partition migration at INFO; only its warnings belong in the service's log.
    HAZELCAST_LOG.setLevel(Level.WARNING);
    String address;
    try {
      address = address(cluster.host());
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    options.getEventBusOptions()
        .setHost(address)
        .setPort(cluster.busPort())
        .setClusterPublicHost(address);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(cluster, address));
    return builder.with(options).withClusterManager(manager).buildClustered()
        .map(vertx -> new Joined(vertx, manager));
  }

  /**
   * {@code cluster.host} as an IP address: Hazelcast binds and announces addresses, and a container's host name
   * (compose's {@code node-a}) must become the address the others reach. Runs before Vert.x exists (DNS blocks).
   */
  static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("config key cluster.host must be an address or a host name that resolves, got '"
          + host + "'");
    }
  }

  /** Vert.x's own maps and multimaps (default-cluster.xml), with the network this node is configured for. */
  static Config hazelcastConfig(ClusterConfig cluster, String address) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName("audio-insight");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // The service leaves the cluster at the end of its own drain (Vertx.close), not from a JVM hook.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
    // Members found by TCP-IP merge at once rather than after Hazelcast's default 5 s wait for more to come.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.local.localAddress", address);
    config.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.setPublicAddress(address + ":" + cluster.port());
    // The job store (HazelcastJobStore): each entry on one member and a synchronous backup on another, so that a
    // write returns once two members hold it and any one node may die.
    for (String map : new String[] {HazelcastJobStore.RECORDS, HazelcastJobStore.OWNERS}) {
      config.addMapConfig(new MapConfig(map).setBackupCount(1).setAsyncBackupCount(0));
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return config;
  }

  /** The joined Vertx and its cluster manager (membership events, this node's id). */
  public record Joined(Vertx vertx, HazelcastClusterManager manager) {}
}
