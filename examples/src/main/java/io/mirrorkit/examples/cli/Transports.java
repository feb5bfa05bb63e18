package io.mirrorkit.examples.cli;

import io.mirrorkit.SyncOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The transport options of {@code sync}, {@code plan} and {@code ls}: {@link HttpFlags}, {@link
 * FtpFlags} and {@link GitFlags}, each in a help section of its own.
 *
 * <p>picocli's own sections are argument groups, which create a new instance whenever an option of
 * the group repeats; the flags are plain mixins instead, and {@link #addHelpSections} moves their
 * options out of the main option list into their sections.
 */
final class Transports {
  @Mixin HttpFlags http;
  @Mixin FtpFlags ftp;
  @Mixin GitFlags git;

  /** Hands the transport settings given on the command line to {@code options}. */
  SyncOptions.Builder applyTo(SyncOptions.Builder options) {
    http.applyTo(options);
    ftp.applyTo(options);
    git.applyTo(options);
    return options;
  }

  /**
   * Shows the options of every {@link HelpSection} mixin of {@code cli}'s commands in a section
   * headed by its {@link HelpSection#heading()}, after the main option list.
   */
  static void addHelpSections(CommandLine cli) {
    for (CommandLine command : cli.getSubcommands().values()) {
      Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
      collect(command.getCommandSpec(), sections);
      if (sections.isEmpty()) {
        continue;
      }
      Set<String> moved = new HashSet<>();
      sections.values().forEach(options -> options.forEach(o -> moved.add(o.longestName())));
      List<OptionSpec> main = new ArrayList<>();
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (!moved.contains(option.longestName()) && !option.hidden()) {
          main.add(option);
        }
      }
      Map<String, IHelpSectionRenderer> renderers = command.getHelpSectionMap();
      List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
      renderers.put(
          CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
          help -> help.optionListExcludingGroups(main));
      int at = keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1;
      for (Map.Entry<String, List<OptionSpec>> section : sections.entrySet()) {
        String key = "mirrorkit." + section.getKey();
        renderers.put(key, help -> render(help, section.getKey(), section.getValue()));
        keys.add(at++, key);
      }
      command.setHelpSectionMap(renderers);
      command.setHelpSectionKeys(keys);
    }
  }

  private static String render(Help help, String heading, List<OptionSpec> options) {
    return String.format("%n%s:%n", heading) + help.optionListExcludingGroups(options);
  }

  /** The options of the {@link HelpSection}s among {@code spec}'s mixins, at any depth. */
  private static void collect(CommandSpec spec, Map<String, List<OptionSpec>> sections) {
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof HelpSection) {
        sections.put(((HelpSection) mixin.userObject()).heading(), mixin.options());
      }
      collect(mixin, sections);
    }
  }
}
