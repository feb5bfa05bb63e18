package io.mirrorkit.examples.cli;

import io.mirrorkit.transport.ftp.FtpOptions;
import java.util.TimeZone;
import picocli.CommandLine.Option;

/** The options of the FTP transport ({@link FtpOptions}). */
final class FtpFlags extends TransportFlags {
  @Override
  public String heading() {
    return "FTP options";
  }

  @Option(
      names = "--ftp-active",
      order = 1,
      description =
          "Active mode: the server connects back to this host for data (EPRT/PORT). The default"
              + " is passive mode (EPSV/PASV), as firewalls and NAT expect.")
  void active(boolean on) {
    set("--ftp-active", FtpOptions.PASSIVE, () -> !on);
  }

  @Option(
      names = "--ftp-tls",
      order = 2,
      description =
          "Explicit FTPS: AUTH TLS, then encrypted data connections too (PROT P). The"
              + " certificate is checked against the JVM's trust store and the host name.")
  void tls(boolean on) {
    set("--ftp-tls", FtpOptions.EXPLICIT_TLS, () -> on);
  }

  @Option(
      names = "--ftp-symlinks",
      order = 3,
      paramLabel = "HOW",
      description =
          "What to do with symlinks the server lists: keep them as symlinks (keep, the"
              + " default), mirror what they point to (follow), or leave them out (skip).")
  void symlinks(String how) {
    set("--ftp-symlinks", FtpOptions.SYMLINKS, () -> symlinkPolicy(how));
  }

  @Option(
      names = "--ftp-no-mlsd",
      order = 4,
      description = "List with LIST even when the server offers MLSD.")
  void noMlsd(boolean on) {
    set("--ftp-no-mlsd", FtpOptions.USE_MLSD, () -> !on);
  }

  @Option(
      names = "--ftp-no-mdtm",
      order = 5,
      description =
          "Do not ask MDTM for each file's exact time when listing with LIST: one command less"
              + " per file, but times only to the minute or the day.")
  void noMdtm(boolean on) {
    set("--ftp-no-mdtm", FtpOptions.USE_MDTM, () -> !on);
  }

  @Option(
      names = "--ftp-list-options",
      order = 6,
      paramLabel = "ARGS",
      description =
          "Send ARGS with LIST, such as -a to make a Unix server show dotfiles (default none).")
  void listOptions(String args) {
    set("--ftp-list-options", FtpOptions.LIST_OPTIONS, () -> printable(args));
  }

  @Option(
      names = "--ftp-server-time-zone",
      order = 7,
      paramLabel = "ZONE",
      description =
          "Read the times of LIST output in ZONE, such as Europe/Berlin (default UTC; MLSD and"
              + " MDTM times are always UTC).")
  void serverTimeZone(String zone) {
    // the FTP client takes java.util.TimeZone IDs, which read +02:00 as GMT+02:00
    set(
        "--ftp-server-time-zone",
        FtpOptions.SERVER_TIME_ZONE,
        () -> TimeZone.getTimeZone(zone(zone)).getID());
  }

  private static FtpOptions.Symlinks symlinkPolicy(String how) {
    for (FtpOptions.Symlinks policy : FtpOptions.Symlinks.values()) {
      if (policy.name().equalsIgnoreCase(how)) {
        return policy;
      }
    }
    throw new IllegalArgumentException("'" + how + "' is not keep, follow or skip");
  }
}
