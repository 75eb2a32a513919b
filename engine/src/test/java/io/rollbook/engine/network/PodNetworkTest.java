package io.rollbook.engine.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodNetworkTest {

    static final PodNetwork NET = PodNetwork.defaults(List.of("node-1", "node-2", "node-3"));

    @ParameterizedTest(name = "{0}: subnet {1}, gateway {2}, eth0 {3}")
    @CsvSource({
            "node-1, 10.244.1.0/24, 10.244.1.1, 192.168.56.11",
            "node-2, 10.244.2.0/24, 10.244.2.1, 192.168.56.12",
            "node-3, 10.244.3.0/24, 10.244.3.1, 192.168.56.13",
    })
    void splitsThePodCidrOneSubnetPerNode(String node, String subnet, String gateway, String eth0) {
        assertThat(NET.nodeSubnet(node)).hasToString(subnet);
        assertThat(NET.gateway(node)).isEqualTo(gateway);
        assertThat(NET.nodeIp(node)).isEqualTo(eth0);
        assertThat(NET.nodeOfPodIp(gateway)).isEqualTo(node);
    }

    @Test
    void handsOutTheLowestFreeAddressAfterTheGateway() {
        long two = Ipv4.parse("10.244.1.2");
        assertThat(NET.allocate("node-1", Set.of())).isEqualTo("10.244.1.2");
        assertThat(NET.allocate("node-1", Set.of(two))).isEqualTo("10.244.1.3");
        assertThat(NET.allocate("node-1", Set.of(two + 1))).isEqualTo("10.244.1.2"); // a freed address is reused
    }

    @Test
    void routesEveryOtherNodesSubnetViaItsEth0() {
        assertThat(NET.routes("node-2")).containsExactly(
                "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1",
                "10.244.1.0/24 via 192.168.56.11 dev eth0",
                "10.244.3.0/24 via 192.168.56.13 dev eth0");
    }

    @ParameterizedTest
    @CsvSource({
            "10.244.7.9/16,  10.244.0.0/16,  10.244.200.1, true",
            "172.17.1.0/24,  172.17.1.0/24,  172.17.2.1,   false",
            "0.0.0.0/0,      0.0.0.0/0,      8.8.8.8,      true",
            "10.0.0.5,       10.0.0.5/32,    10.0.0.5,     true",
    })
    void parsesCidrs(String text, String normalised, String address, boolean contains) {
        Cidr cidr = Cidr.parse(text);
        assertThat(cidr).hasToString(normalised);
        assertThat(cidr.contains(address)).isEqualTo(contains);
    }

    @Test
    void refusesWhatIsNotACidr() {
        assertThatThrownBy(() -> Cidr.parse("300.0.0.0/8")).hasMessage("invalid CIDR address: 300.0.0.0/8");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessage("invalid CIDR address: 10.0.0.0/33");
    }

    @Test
    void readsAMultusBridgeConfig() {
        AttachmentNetwork net = AttachmentNetwork.parse("shop/br-net", """
                {"cniVersion": "0.3.1", "type": "bridge", "bridge": "br1",
                 "ipam": {"type": "host-local", "subnet": "10.10.0.0/16", "rangeStart": "10.10.1.20",
                          "rangeEnd": "10.10.3.50", "routes": [{"dst": "0.0.0.0/0"}], "gateway": "10.10.0.254"}}
                """);

        assertThat(net.bridge()).isEqualTo("br1");
        assertThat(net.routes()).containsExactly("0.0.0.0/0");
        assertThat(net.allocate(Set.of())).isEqualTo("10.10.1.20");
        assertThat(net.allocate(Set.of(Ipv4.parse("10.10.1.20")))).isEqualTo("10.10.1.21");
    }

    @Test
    void readsTheNetworksAnnotationInBothForms() {
        assertThat(NetworkSelection.parse("br-net, other/macvlan@eth1", "shop")).containsExactly(
                new NetworkSelection("shop", "br-net", null), new NetworkSelection("other", "macvlan", "eth1"));
        assertThat(NetworkSelection.parse("[{\"name\": \"br-net\", \"interface\": \"net9\"}]", "shop"))
                .containsExactly(new NetworkSelection("shop", "br-net", "net9"));
    }

    /** kubeadm init --pod-network-cidr: any range with a /24 for each node, the first kept free. */
    @ParameterizedTest(name = "{0}: node-2 has {1}")
    @CsvSource({
        "10.244.0.0/16, 10.244.2.0/24, 10.244.2.1",
        "172.16.0.0/12, 172.16.2.0/24, 172.16.2.1",
        "10.32.0.0/22,  10.32.2.0/24,  10.32.2.1",   // 4 /24s: one kept free, three nodes
    })
    void takesThePodNetworkCidrOfKubeadm(String cidr, String subnet, String gateway) {
        PodNetwork net = PodNetwork.of(cidr, List.of("node-1", "node-2", "node-3"));
        assertThat(net.nodeSubnet("node-2")).hasToString(subnet);
        assertThat(net.gateway("node-2")).isEqualTo(gateway);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10.244.0.0        | --pod-network-cidr 10.244.0.0 is not an IPv4 CIDR (address/prefix, such as 10.244.0.0/16)",
        "10.244.0.0/33     | --pod-network-cidr 10.244.0.0/33 is not an IPv4 CIDR (address/prefix, such as 10.244.0.0/16)",
        "fd00::/64         | --pod-network-cidr fd00::/64 is not an IPv4 CIDR (address/prefix, such as 10.244.0.0/16)",
        "10.244.1.0/16     | --pod-network-cidr 10.244.1.0/16 has host bits set: the network is 10.244.0.0/16",
        "10.244.0.0/23     | --pod-network-cidr 10.244.0.0/23 is too small: each of the 3 nodes needs its own /24 (and the first is kept free), so it must be a /22 or larger",
        "10.244.0.0/25     | --pod-network-cidr 10.244.0.0/25 is too small: each of the 3 nodes needs its own /24 (and the first is kept free), so it must be a /22 or larger",
        "192.168.0.0/16    | --pod-network-cidr 192.168.0.0/16 overlaps the nodes' network 192.168.56.0/24",
    })
    void refusesABadPodNetworkCidrSayingWhy(String cidr, String message) {
        assertThatThrownBy(() -> PodNetwork.of(cidr, List.of("node-1", "node-2", "node-3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
