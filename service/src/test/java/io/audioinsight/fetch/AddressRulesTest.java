package io.audioinsight.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, loopback",
      "127.255.0.9, loopback",
      "::1, loopback",
      "10.0.0.1, private network",
      "10.255.255.255, private network",
      "172.16.0.1, private network",
      "172.31.255.254, private network",
      "192.168.1.20, private network",
      "169.254.169.254, cloud metadata",
      "169.254.0.1, link-local",
      "fc00::1, unique local",
      "fd12:3456::1, unique local",
      "fe80::1, link-local IPv6",
      "::ffff:10.1.2.3, private network",
      "::ffff:127.0.0.1, loopback",
      "0.0.0.0, unspecified",
      "::, unspecified",
      "100.64.0.1, carrier-grade NAT",
      "224.0.0.1, multicast",
      "2002:0a00:0001::1, 6to4",
  })
  void aNonPublicAddressIsRefusedByTheRuleThatNamesIt(String address, String rule) throws Exception {
    assertThat(AddressRules.broken(InetAddress.getByName(address))).contains(rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "169.253.1.1",
      "2001:4860:4860::8888", "2606:4700::1111"})
  void aPublicAddressIsAllowed(String address) throws Exception {
    assertThat(AddressRules.broken(InetAddress.getByName(address))).isNull();
  }
}
