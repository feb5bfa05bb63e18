package io.mirrorkit.examples.cli;

import io.mirrorkit.FormatOptions;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.MirrorVerifier;
import io.mirrorkit.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mirrorkit verify TARGET --format F}: checks a mirror against its own metadata; exit 0 when
 * every file it names is there whole, 5 when not.
 */
@Command(
    name = "verify",
    description =
        "Check a mirror against its own metadata: every file the metadata names (under the"
            + " selection) must be there with its size and checksum. Lists missing, corrupt and"
            + " unreferenced files. Exit 0 when consistent, 5 when not.")
final class VerifyCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "TARGET", description = "The mirror directory.")
  Path target;

  @Mixin FormatFlags format;

  @Mixin ExitCodes exitCodes;

  @Option(names = "--quick", description = "Compare sizes only, not checksums.")
  boolean quick;

  @Option(names = "--json", description = "Print the result as a JSON object.")
  boolean json;

  @Override
  void execute() throws IOException {
    FormatOptions options = format.build();
    if (options == null) {
      throw new IllegalArgumentException(
          "verify needs --format F (deb, rpm, arch, pkglist, pkgxml)");
    }
    VerifyReport r = MirrorVerifier.verify(target, options, quick);
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("format", r.format()).put("checked", r.checked()).put("quick", r.quick());
      o.put("consistent", r.consistent());
      r.missing().forEach(p -> o.withArray("missing").add(p.toString()));
      r.corrupt().forEach(line -> o.withArray("corrupt").add(line));
      r.unreferenced().forEach(p -> o.withArray("unreferenced").add(p.toString()));
      out().println(o);
    } else {
      for (MirrorPath p : r.missing()) {
        out().println("missing      " + p);
      }
      for (String line : r.corrupt()) {
        out().println("corrupt      " + line);
      }
      for (MirrorPath p : r.unreferenced()) {
        out().println("unreferenced " + p);
      }
      out()
          .printf(
              "%s: %d file(s) named by the %s metadata, %d missing, %d corrupt, %d unreferenced%s%n",
              r.consistent() ? "consistent" : "NOT consistent",
              r.checked(),
              r.format(),
              r.missing().size(),
              r.corrupt().size(),
              r.unreferenced().size(),
              r.quick() ? " (sizes only)" : "");
    }
    if (!r.consistent()) {
      exitCode(ExitCodes.PARTIAL);
    }
  }
}
