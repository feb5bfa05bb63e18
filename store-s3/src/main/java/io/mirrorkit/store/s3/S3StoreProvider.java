package io.mirrorkit.store.s3;

import io.mirrorkit.Generation;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.TransportOption;
import io.mirrorkit.spi.MirrorStoreProvider;
import io.mirrorkit.spi.StoreContext;
import io.mirrorkit.spi.StoreTarget;
import io.mirrorkit.store.s3.internal.S3Generations;
import io.mirrorkit.store.s3.internal.S3Location;
import io.mirrorkit.store.s3.internal.S3Target;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The mirror store for {@code s3://bucket/prefix/} targets. Found through {@link
 * java.util.ServiceLoader} with {@link S3Options#defaults()} (AWS, the SDK's default region and
 * credentials). A sync gives the options of its target in its {@link SyncOptions} ({@link
 * S3Options#ENDPOINT}, ...: the {@code --s3-*} flags, the service's {@code s3_*} keys), which win
 * over the provider's; or register one made with its options:
 *
 * <pre>{@code
 * SyncEngine engine =
 *     SyncEngine.builder()
 *         .store(new S3StoreProvider(S3Options.builder().endpoint(uri).pathStyle(true).build()))
 *         .build();
 * engine.sync(SyncRequest.of(repository, URI.create("s3://mirror/debian/"), options));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Each sync opens its own client and closes it at the end.
 */
public final class S3StoreProvider implements MirrorStoreProvider {
  private final S3Options options;

  /** A provider with {@link S3Options#defaults()}, as {@link java.util.ServiceLoader} makes it. */
  public S3StoreProvider() {
    this(S3Options.defaults());
  }

  public S3StoreProvider(S3Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The options of this provider. */
  public S3Options options() {
    return options;
  }

  @Override
  public String name() {
    return "S3";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  /** The options a sync carries for its target: {@link S3Options#syncOptions()}. */
  @Override
  public List<TransportOption<?>> targetOptions() {
    return S3Options.syncOptions();
  }

  /**
   * {@inheritDoc}
   *
   * <p>On S3 only the id is known and whether {@code prefix/current} names it: published time,
   * upstream, marker, files and bytes are unknown.
   */
  @Override
  public List<Generation> generations(URI target, SyncOptions syncOptions) throws IOException {
    try (S3Client s3 = S3Target.client(options.with(syncOptions))) {
      S3Generations g = new S3Generations(s3, S3Location.parse(target));
      String current = g.current();
      return g.ids().stream()
          .map(id -> new Generation(id, null, null, null, -1, -1, id.equals(current)))
          .toList();
    }
  }

  /** {@inheritDoc} Switches {@code prefix/current} with one PUT. */
  @Override
  public Generation rollback(URI target, @Nullable String id, SyncOptions syncOptions)
      throws IOException {
    try (S3Client s3 = S3Target.client(options.with(syncOptions))) {
      S3Generations g = new S3Generations(s3, S3Location.parse(target));
      List<String> ids = g.ids();
      String current = g.current();
      if (current == null || ids.isEmpty()) {
        throw new IOException(
            target
                + " keeps no generations (no "
                + S3Location.parse(target).prefix()
                + "current); nothing to roll back");
      }
      String to = id;
      if (to == null) {
        int at = ids.indexOf(current);
        if (at <= 0) {
          throw new IOException(
              target
                  + ": no generation before the published one ("
                  + current
                  + "); it keeps "
                  + ids);
        }
        to = ids.get(at - 1);
      } else if (!ids.contains(to)) {
        throw new IOException(target + " has no generation " + to + "; it keeps " + ids);
      }
      g.switchTo(to);
      return new Generation(to, null, null, null, -1, -1, true);
    }
  }

  /**
   * The generations an {@code s3://bucket/prefix/} target keeps ({@code --generations N}), oldest
   * first; empty when it keeps none. The published one is {@link #currentGeneration}.
   */
  public List<String> generations(URI target) throws IOException {
    try (S3Client s3 = client()) {
      return new S3Generations(s3, S3Location.parse(target)).ids();
    }
  }

  /** The published generation of {@code target}: what {@code prefix/current} holds, or null. */
  public @Nullable String currentGeneration(URI target) throws IOException {
    try (S3Client s3 = client()) {
      return new S3Generations(s3, S3Location.parse(target)).current();
    }
  }

  /**
   * Rolls {@code target} back (or forward) to one of its generations: switches the pointer object
   * {@code prefix/current} to it with one PUT. Take care that no sync of the target runs.
   *
   * @throws IllegalArgumentException if the target keeps no generation {@code generation}
   */
  public void rollback(URI target, String generation) throws IOException {
    try (S3Client s3 = client()) {
      S3Generations g = new S3Generations(s3, S3Location.parse(target));
      List<String> ids = g.ids();
      if (!ids.contains(generation)) {
        throw new IllegalArgumentException(
            target + " has no generation " + generation + "; it keeps " + ids);
      }
      g.switchTo(generation);
    }
  }

  private S3Client client() {
    return S3Target.client(options);
  }

  @Override
  public StoreTarget open(URI target, SyncOptions syncOptions, StoreContext context)
      throws IOException {
    return S3Target.open(target, options.with(syncOptions), syncOptions, context);
  }
}
