package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncOptions;
import io.mirrorkit.service.SyncKeys;
import io.mirrorkit.transport.rsync.RsyncOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The transport options of the command line ({@link HttpFlags}, {@link FtpFlags}, {@link GitFlags}
 * and {@code --compress}) as config keys of the same names: the service depends on core alone, so
 * the CLI hands it this extension, which turns the keys back into flags and parses them with the
 * very same picocli options, so that a key means exactly what its flag means.
 */
final class TransportKeys implements SyncKeys.Extension {
  static final TransportKeys INSTANCE = new TransportKeys();

  /** A command with only the transport flags. */
  @Command(name = "config")
  static final class Flags {
    @Mixin Transports transports;

    @Option(names = {"-z", "--compress"})
    boolean compress;
  }

  private final Set<String> keys;

  private TransportKeys() {
    keys =
        new CommandLine(new Flags())
            .getCommandSpec().options().stream()
                .map(CommandLine.Model.OptionSpec::longestName)
                .filter(n -> n.startsWith("--"))
                .map(n -> n.substring(2))
                .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public Set<String> keys() {
    return keys;
  }

  @Override
  public void apply(SyncOptions.Builder options, List<Map.Entry<String, Object>> settings) {
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, Object> e : settings) {
      List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      for (Object v : values) {
        if (v instanceof Boolean on) {
          if (on) {
            args.add("--" + e.getKey());
          }
        } else {
          args.add("--" + e.getKey() + "=" + v);
        }
      }
    }
    Flags flags = new Flags();
    try {
      new CommandLine(flags)
          .setOverwrittenOptionsAllowed(true)
          .setAllowOptionsAsOptionParameters(true)
          .parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    flags.transports.applyTo(options);
    options.option(RsyncOptions.COMPRESS, flags.compress);
  }
}
