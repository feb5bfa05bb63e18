package io.mirrorkit.service;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.CompareMode;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.FormatOptions;
import io.mirrorkit.Preserve;
import io.mirrorkit.Selection;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.UpstreamMarker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping from the sync settings of the {@code mirrorkit} command line to {@link
 * SyncOptions}: each key is a {@code sync} flag without its dashes ({@code max-delete} or {@code
 * max_delete} for {@code --max-delete}), and its value what the flag takes (a string, a number, a
 * boolean for a switch, a list for a repeatable flag). The command line and the service's config
 * ({@link MirrorConfig}) both feed their settings through one instance per sync, so that a flag and
 * its config key cannot drift apart.
 *
 * <p>The options of the installed mirror stores' targets are keys too ({@code s3-endpoint}, {@code
 * s3-path-style}, ...: each store's {@link io.mirrorkit.spi.MirrorStoreProvider#targetOptions()}),
 * found through {@link java.util.ServiceLoader}, so that the service needs no store of its own.
 *
 * <p>Values are checked as they are {@link #set}: core's builders validate them at once and a bad
 * value throws {@link IllegalArgumentException} with the value in the message. Filter rules keep
 * the order they were set in (the first matching rule wins, as in rsync). Not thread-safe: one
 * instance collects the settings of one sync.
 */
public final class SyncKeys {
  private static final Map<String, BiConsumer<SyncKeys, Object>> KEYS = new LinkedHashMap<>();
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)([kmg]?)");
  private static final Set<Preserve> DEFAULT_PRESERVE =
      EnumSet.of(Preserve.TIMES, Preserve.PERMISSIONS, Preserve.SYMLINKS, Preserve.HARD_LINKS);

  private final SyncOptions.Builder options = SyncOptions.builder();
  private final List<BiConsumer<FilterRules.Builder, Boolean>> filterSteps = new ArrayList<>();
  private final Set<Preserve> named = EnumSet.noneOf(Preserve.class);
  private final Set<Preserve> removed = EnumSet.noneOf(Preserve.class);
  private boolean anyPreserveFlag;
  private boolean delete;
  private boolean deleteExcluded;
  private @Nullable DeletePolicy policy;
  private @Nullable AddressFamily family;
  private @Nullable String format;
  private final Selection.Builder selection = Selection.builder();
  private boolean selectionGiven;
  private boolean indexOnly;
  private final List<String> packageLists = new ArrayList<>();
  private final List<String> pkgXml = new ArrayList<>();
  private @Nullable Path keyring;

  static {
    filter("exclude", (b, v) -> b.exclude(v));
    filter("include", (b, v) -> b.include(v));
    filter("filter", (b, v) -> b.rule(v));
    filter("exclude-from", (b, v) -> io(() -> b.excludeFrom(Path.of(v))));
    filter("include-from", (b, v) -> io(() -> b.includeFrom(Path.of(v))));
    filter("accept", (b, v) -> b.accept(v.split(",", -1)));
    filter("reject", (b, v) -> b.reject(v.split(",", -1)));
    filter("accept-regex", (b, v) -> b.acceptRegex(v));
    filter("reject-regex", (b, v) -> b.rejectRegex(v));
    flag("delete", k -> k.delete = true);
    flag("delete-before", k -> k.deleteWhen(DeletePolicy.BEFORE));
    for (String after : List.of("delete-after", "delete-delay", "delete-during", "del")) {
      flag(after, k -> k.deleteWhen(DeletePolicy.AFTER));
    }
    flag("delete-excluded", k -> k.deleteExcluded = true);
    flag("allow-empty-upstream", k -> k.options.allowEmptyUpstream(true));
    flag("delay-updates", k -> k.options.delayUpdates(true));
    flag("checksum", k -> k.options.compareMode(CompareMode.CHECKSUM));
    flag("no-perms", k -> k.removed.add(Preserve.PERMISSIONS));
    flag("no-times", k -> k.removed.add(Preserve.TIMES));
    flag("no-links", k -> k.removed.add(Preserve.SYMLINKS));
    flag("no-hard-links", k -> k.removed.add(Preserve.HARD_LINKS));
    flag("no-fsync", k -> k.options.fsync(false));
    flag("no-lock", k -> k.options.lock(false));
    flag(
        "archive",
        k ->
            k.preserve(
                Preserve.SYMLINKS,
                Preserve.PERMISSIONS,
                Preserve.TIMES,
                Preserve.GROUP,
                Preserve.OWNER));
    flag("recursive", k -> {});
    flag("links", k -> k.preserve(Preserve.SYMLINKS));
    flag("perms", k -> k.preserve(Preserve.PERMISSIONS));
    flag("times", k -> k.preserve(Preserve.TIMES));
    flag("group", k -> k.preserve(Preserve.GROUP));
    flag("owner", k -> k.preserve(Preserve.OWNER));
    flag("hard-links", k -> k.preserve(Preserve.HARD_LINKS));
    flag("numeric-ids", k -> k.options.numericIds(true));
    flag("safe-links", k -> k.options.safeLinks(true));
    flag("partial", k -> {});
    flag("ipv4", k -> k.family(AddressFamily.IPV4));
    flag("ipv6", k -> k.family(AddressFamily.IPV6));
    flag("index-only", k -> k.indexOnly = true);
    flag("sources", k -> k.selectionGiven(b -> b.sources(true)));
    text("state-dir", (k, v) -> k.options.stateDirectory(Path.of(v)));
    text("partial-dir", (k, v) -> k.options.partialDirectory(Path.of(v)));
    text("marker", (k, v) -> k.options.marker(UpstreamMarker.of(v)));
    text("bwlimit", (k, v) -> k.options.bandwidthLimit(rate(v, 1)));
    text("limit-rate", (k, v) -> k.options.bandwidthLimit(rate(v, 0)));
    text("format", (k, v) -> k.format = v);
    text("keyring", (k, v) -> k.keyring = Path.of(v));
    repeatable("last", (k, v) -> k.options.lastStage(v));
    repeatable("dist", (k, v) -> k.selectionGiven(b -> b.dist(v)));
    repeatable("component", (k, v) -> k.selectionGiven(b -> b.component(v)));
    repeatable("arch", (k, v) -> k.selectionGiven(b -> b.architecture(v)));
    repeatable("platform", (k, v) -> k.selectionGiven(b -> b.platform(v)));
    repeatable("package-list", (k, v) -> k.packageLists.add(v));
    repeatable("pkg-xml", (k, v) -> k.pkgXml.add(v));
    number("generations", (k, v) -> k.options.generations(Math.toIntExact(v)));
    number("max-delete", (k, v) -> k.options.maxDelete(v));
    number("max-delete-percent", (k, v) -> k.options.maxDeletePercent(Math.toIntExact(v)));
    number("parallel", (k, v) -> k.options.parallelism(Math.toIntExact(v)));
    number("retries", (k, v) -> k.options.retries(Math.toIntExact(v)));
    number("timeout", (k, v) -> k.options.timeout(seconds(v, "timeout")));
    number("contimeout", (k, v) -> k.options.connectTimeout(seconds(v, "contimeout")));
    number("modify-window", (k, v) -> k.options.modifyWindow(Duration.ofSeconds(v)));
  }

  /**
   * More keys than core's: the transport options of the command line ({@code cut-dirs}, {@code
   * ftp-tls}, {@code compress}, ...), which the service cannot know because it depends on core
   * alone. The command line supplies one that feeds the keys to its own flag parser, so that those
   * keys, too, mean exactly what their flags mean.
   */
  public interface Extension {
    /** An extension without keys. */
    Extension NONE =
        new Extension() {
          @Override
          public Set<String> keys() {
            return Set.of();
          }

          @Override
          public void apply(
              SyncOptions.Builder options, List<Map.Entry<String, Object>> settings) {}
        };

    /** The keys it takes, dashed ({@code cut-dirs}). */
    Set<String> keys();

    /**
     * Applies {@code settings} (dashed keys, in the order set) to {@code options}.
     *
     * @throws IllegalArgumentException for a bad value, naming the key
     */
    void apply(SyncOptions.Builder options, List<Map.Entry<String, Object>> settings);
  }

  private final Extension extension;
  private final List<Map.Entry<String, Object>> extra = new ArrayList<>();

  /** A mapping with nothing set: the defaults of {@link SyncOptions}. */
  public SyncKeys() {
    this(Extension.NONE);
  }

  /** A mapping that also takes {@code extension}'s keys. */
  public SyncKeys(Extension extension) {
    this.extension = extension;
  }

  /**
   * Whether {@code key} (dashes or underscores) is a sync setting here, core's or the extension's.
   */
  public boolean accepts(String key) {
    return isKey(key) || extension.keys().contains(normal(key));
  }

  /** Whether {@code key} (dashes or underscores) is an option of an installed store's targets. */
  public static boolean isStoreKey(String key) {
    return io.mirrorkit.service.internal.StoreKeys.option(normal(key)) != null;
  }

  /** Every key, in the dashed spelling of the command line ({@code max-delete}). */
  public static Set<String> names() {
    return java.util.Collections.unmodifiableSet(KEYS.keySet());
  }

  /** Whether {@code key} (dashes or underscores) is a sync setting. */
  public static boolean isKey(String key) {
    return KEYS.containsKey(normal(key)) || isStoreKey(key);
  }

  /**
   * Applies one setting. A switch takes {@code true} ({@code false} leaves the default); a
   * repeatable key takes one value or a list; a number may be given as a string.
   *
   * @throws IllegalArgumentException for an unknown key or a bad value (the message names both)
   */
  public SyncKeys set(String key, Object value) {
    BiConsumer<SyncKeys, Object> handler = KEYS.get(normal(key));
    io.mirrorkit.TransportOption<?> storeOption =
        io.mirrorkit.service.internal.StoreKeys.option(normal(key));
    if (handler == null && storeOption != null) {
      handler = (k, v) -> io.mirrorkit.service.internal.StoreKeys.set(k.options, storeOption, v);
    }
    if (handler == null && extension.keys().contains(normal(key))) {
      extra.add(Map.entry(normal(key), value));
      return this;
    }
    if (handler == null) {
      throw new IllegalArgumentException("unknown sync setting '" + key + "'");
    }
    try {
      if (value instanceof List<?> list) {
        for (Object v : list) {
          handler.accept(this, v);
        }
      } else {
        handler.accept(this, value);
      }
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(key + ": " + e.getCause().getMessage(), e);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(key + " = " + value + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** The options these settings give. */
  public SyncOptions build() {
    return builder(List.of()).build();
  }

  /**
   * A builder of the options these settings give, with {@code excludes} before every rule set (the
   * service's stage 1 and its own trace files); the caller may change it further.
   *
   * @throws IllegalArgumentException for settings that contradict each other
   */
  public SyncOptions.Builder builder(List<String> excludes) {
    FilterRules.Builder rules = FilterRules.builder();
    excludes.forEach(rules::exclude);
    filterSteps.forEach(step -> step.accept(rules, true));
    DeletePolicy when =
        policy != null ? policy : delete || deleteExcluded ? DeletePolicy.AFTER : DeletePolicy.NONE;
    Set<Preserve> preserve =
        anyPreserveFlag ? EnumSet.copyOf(named) : EnumSet.copyOf(DEFAULT_PRESERVE);
    preserve.removeAll(removed);
    SyncOptions.Builder b = options.build().toBuilder();
    b.filters(rules.build())
        .deletePolicy(when)
        .deleteExcluded(deleteExcluded)
        .preserve(preserve)
        .format(formatOptions());
    if (family != null) {
      b.addressFamily(family);
    }
    if (!extra.isEmpty()) {
      extension.apply(b, List.copyOf(extra));
    }
    return b;
  }

  /** The delete policy the settings ask for ({@code delete} alone: after the transfers). */
  public DeletePolicy deletePolicy() {
    return policy != null
        ? policy
        : delete || deleteExcluded ? DeletePolicy.AFTER : DeletePolicy.NONE;
  }

  /**
   * Bytes per second for a rate: with {@code plainPower} 1 a plain number is KiB/s (rsync's {@code
   * --bwlimit}), with 0 bytes/s (wget's {@code --limit-rate}); {@code k}, {@code m}, {@code g} are
   * KiB/s, MiB/s, GiB/s.
   */
  public static long rate(String rate, int plainPower) {
    Matcher m = RATE.matcher(rate.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + rate + "' is not a rate: give a number, or one with the suffix k, m or g");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    int power = m.group(2).isEmpty() ? plainPower : "kmg".indexOf(m.group(2)) + 1;
    BigDecimal bytes =
        number.multiply(BigDecimal.valueOf(1024).pow(power)).setScale(0, RoundingMode.HALF_UP);
    if (bytes.signum() == 0 && number.signum() != 0) {
      throw new IllegalArgumentException("'" + rate + "' is less than one byte per second");
    }
    try {
      return bytes.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + rate + "' is too large");
    }
  }

  /** {@code timeout} and {@code contimeout}: rsync's 0 ("no timeout") is refused. */
  public static Duration seconds(long seconds, String option) {
    if (seconds == 0) {
      throw new IllegalArgumentException(
          "0 means no timeout to rsync, but mirrorkit always bounds a silent connection; give"
              + " the seconds to wait, e.g. --"
              + option
              + "=600");
    }
    if (seconds < 0) {
      throw new IllegalArgumentException(seconds + " must be a positive number of seconds");
    }
    return Duration.ofSeconds(seconds);
  }

  private @Nullable FormatOptions formatOptions() {
    String name = format;
    if (!packageLists.isEmpty() && !pkgXml.isEmpty()) {
      throw new IllegalArgumentException("give package-list or pkg-xml, not both");
    }
    String implied = packageLists.isEmpty() ? (pkgXml.isEmpty() ? null : "pkgxml") : "pkglist";
    if (implied != null) {
      if (name != null && !name.equals(implied)) {
        throw new IllegalArgumentException(
            "format " + name + " does not read H-Sphere lists; drop it or use format " + implied);
      }
      name = implied;
    }
    packageLists.forEach(selection::list);
    pkgXml.forEach(selection::list);
    if (name == null) {
      if (selectionGiven || indexOnly || keyring != null) {
        throw new IllegalArgumentException(
            "dist, component, arch, platform, sources, index-only and keyring need --format F"
                + " (format = \"F\" in a config): deb, rpm, arch, pkglist or pkgxml");
      }
      return null;
    }
    if (keyring != null && !Files.isReadable(keyring)) {
      throw new IllegalArgumentException("keyring " + keyring + ": no readable file there");
    }
    return new FormatOptions(name, selection.build(), indexOnly || implied != null, keyring);
  }

  private void selectionGiven(java.util.function.Consumer<Selection.Builder> change) {
    selectionGiven = true;
    change.accept(selection);
  }

  private void deleteWhen(DeletePolicy when) {
    if (policy != null && policy != when) {
      throw new IllegalArgumentException(
          "You may not combine delete-before with delete-after, delete-delay or delete-during (as"
              + " in rsync): pick one");
    }
    policy = when;
  }

  private void preserve(Preserve... what) {
    anyPreserveFlag = true;
    named.addAll(List.of(what));
  }

  private void family(AddressFamily f) {
    if (family != null && family != f) {
      throw new IllegalArgumentException("ipv4 and ipv6 exclude each other");
    }
    family = f;
  }

  private static String normal(String key) {
    return key.replace('_', '-');
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void filter(String key, BiConsumer<FilterRules.Builder, String> step) {
    KEYS.put(
        key,
        (k, v) -> {
          String value = string(v);
          FilterRules.Builder check = FilterRules.builder();
          step.accept(check, value); // validates now, so that a bad pattern fails at load
          k.filterSteps.add((b, unused) -> step.accept(b, value));
        });
  }

  private static void flag(String key, java.util.function.Consumer<SyncKeys> on) {
    KEYS.put(
        key,
        (k, v) -> {
          if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("a switch takes true or false");
          }
          if (b) {
            on.accept(k);
          }
        });
  }

  private static void text(String key, BiConsumer<SyncKeys, String> handler) {
    KEYS.put(key, (k, v) -> handler.accept(k, string(v)));
  }

  private static void repeatable(String key, BiConsumer<SyncKeys, String> handler) {
    KEYS.put(key, (k, v) -> handler.accept(k, string(v)));
  }

  private static void number(String key, BiConsumer<SyncKeys, Long> handler) {
    KEYS.put(
        key,
        (k, v) -> {
          long n;
          if (v instanceof Number num) {
            n = num.longValue();
          } else if (v instanceof String s && s.matches("-?\\d+")) {
            n = Long.parseLong(s);
          } else {
            throw new IllegalArgumentException("a whole number is needed");
          }
          handler.accept(k, n);
        });
  }

  private static String string(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Long || v instanceof Integer) {
      return v.toString(); // bwlimit = 500, as --bwlimit 500
    }
    throw new IllegalArgumentException("a string is needed");
  }
}
