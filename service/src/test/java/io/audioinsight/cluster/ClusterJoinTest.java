package io.audioinsight.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.audioinsight.config.ClusterConfig;
import io.audioinsight.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Hazelcast configuration a node starts with: TCP-IP join only, its own address, quiet, no phone-home. */
class ClusterJoinTest {

  @Test
  void theNodeJoinsItsMembersOverTcpIpOnlyAtTheConfiguredAddressWithPhoneHomeOff() {
    ClusterConfig cluster = new ClusterConfig(true, "localhost", 5711, 5811,
        List.of("10.0.0.2:5701", "10.0.0.3:5701"));
    String address = ClusterJoin.address(cluster.host());
    Config config = ClusterJoin.hazelcastConfig(cluster, address);

    assertThat(address).as("a host name becomes the address it resolves to").isEqualTo("127.0.0.1");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.2:5701", "10.0.0.3:5701");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5711);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.1");
    assertThat(config.getMultiMapConfig("__vertx.subs").getBackupCount()).as("Vert.x's own maps kept").isEqualTo(1);
  }

  @Test
  void aHostThatDoesNotResolveStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> ClusterJoin.address("no-such-host.invalid"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.host");
  }
}
