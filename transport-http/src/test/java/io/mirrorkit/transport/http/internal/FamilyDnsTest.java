package io.mirrorkit.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.AddressFamily;
import java.net.InetAddress;
import java.util.List;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;

class FamilyDnsTest {
  @Test
  void nameResolutionKeepsTheChosenFamily() throws Exception {
    InetAddress v4 = InetAddress.getByName("192.0.2.1");
    InetAddress v6 = InetAddress.getByName("2001:db8::1");
    Dns both = host -> List.of(v6, v4);
    assertThat(new FamilyDns(AddressFamily.IPV4, both).lookup("mirror.example"))
        .containsExactly(v4);
    assertThat(new FamilyDns(AddressFamily.IPV6, both).lookup("mirror.example"))
        .containsExactly(v6);
    assertThat(new FamilyDns(AddressFamily.ANY, both).lookup("mirror.example"))
        .containsExactly(v6, v4);
    Dns onlyV4 = host -> List.of(v4);
    assertThatThrownBy(() -> new FamilyDns(AddressFamily.IPV6, onlyV4).lookup("mirror.example"))
        .hasMessageContaining("\"mirror.example\" has no IPv6 address")
        .hasMessageContaining("192.0.2.1");
  }
}
