package io.mirrorkit.service.internal;

import io.mirrorkit.service.Downstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * Sends one ftpsync push command over ssh with Apache MINA SSHD: the host key must be in the
 * downstream's known_hosts (anything else is refused), the key file authenticates, and the command
 * (which the downstream's {@code authorized_keys} forces anyway) is ftpsync's word.
 */
final class SshPush {
  private SshPush() {}

  /**
   * Runs {@code command} on {@code d}; returns its output; throws on a non-zero exit or timeout.
   */
  static String run(Downstream d, String command, Duration timeout) throws IOException {
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(
        new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, d.knownHosts()));
    client.start();
    try (ClientSession session =
        client.connect(d.sshUser(), d.sshHost(), d.port()).verify(timeout).getSession()) {
      FileKeyPairProvider keys = new FileKeyPairProvider(d.keyFile());
      int loaded = 0;
      for (KeyPair kp : keys.loadKeys(session)) {
        session.addPublicKeyIdentity(kp);
        loaded++;
      }
      if (loaded == 0) {
        throw new IOException(
            "no usable key in "
                + d.keyFile()
                + " (an OpenSSH or PEM private key without a passphrase: RSA, ECDSA or"
                + " ed25519)");
      }
      session.auth().verify(timeout);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ChannelExec channel = session.createExecChannel(command)) {
        channel.setOut(out);
        channel.setErr(out);
        channel.open().verify(timeout);
        Set<ClientChannelEvent> events =
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
        String text = tail(out);
        if (events.contains(ClientChannelEvent.TIMEOUT)) {
          throw new IOException("no answer within " + timeout + ": " + text);
        }
        Integer exit = channel.getExitStatus();
        if (exit == null || exit != 0) {
          throw new IOException("the command exited with " + exit + ": " + text);
        }
        return text;
      }
    } finally {
      client.stop();
    }
  }

  private static String tail(ByteArrayOutputStream out) {
    String s = out.toString(StandardCharsets.UTF_8).strip();
    return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
  }
}
