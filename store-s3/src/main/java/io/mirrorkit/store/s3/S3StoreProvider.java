package io.mirrorkit.store.s3;

import io.mirrorkit.SyncOptions;
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
 * credentials); for another service, register one made with its options:
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
    return S3Target.open(target, options, syncOptions, context);
  }
}
