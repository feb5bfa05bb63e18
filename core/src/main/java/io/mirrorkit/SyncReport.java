package io.mirrorkit;

import io.mirrorkit.internal.json.ReportJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sync did: counts, bytes on the disk and on the wire, literal versus matched bytes (delta
 * transfer), duration, per-file outcomes and warnings. Serialisable to JSON ({@link #toJson()}).
 *
 * <p>Immutable and thread-safe. {@link #bytesTransferred()} is file content written into the
 * mirror; {@link #bytesReceived()} and {@link #bytesSent()} are what crossed the wire (for {@code
 * file://}, the bytes read and zero). For a delta transfer, {@link #literalBytes()} came over the
 * wire and {@link #matchedBytes()} were copied from the local basis file.
 */
public final class SyncReport {
  /**
   * What happened to one path.
   *
   * @param path the path
   * @param action what was done ({@code fetched}, {@code deleted}, {@code linked}, {@code
   *     vanished}, {@code failed}, …)
   * @param bytes the content bytes written, 0 when none
   */
  public record FileOutcome(String path, String action, long bytes) {}

  private final String repository;
  private final String target;
  private final Instant started;
  private final long durationMillis;
  private final boolean skipped;
  private final long filesTransferred;
  private final long filesDeleted;
  private final long filesUnchanged;
  private final long directoriesCreated;
  private final long linksCreated;
  private final long attributesUpdated;
  private final long bytesTransferred;
  private final long bytesReceived;
  private final long bytesSent;
  private final long literalBytes;
  private final long matchedBytes;
  private final List<String> warnings;
  private final List<FileOutcome> files;

  private SyncReport(Builder b) {
    repository = b.repository;
    target = b.target;
    started = b.started;
    durationMillis = b.durationMillis;
    skipped = b.skipped;
    filesTransferred = b.filesTransferred;
    filesDeleted = b.filesDeleted;
    filesUnchanged = b.filesUnchanged;
    directoriesCreated = b.directoriesCreated;
    linksCreated = b.linksCreated;
    attributesUpdated = b.attributesUpdated;
    bytesTransferred = b.bytesTransferred;
    bytesReceived = b.bytesReceived;
    bytesSent = b.bytesSent;
    literalBytes = b.literalBytes;
    matchedBytes = b.matchedBytes;
    warnings = List.copyOf(b.warnings);
    files = List.copyOf(b.files);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads a report written by {@link #toJson()}. */
  public static SyncReport fromJson(String json) {
    return ReportJson.read(json);
  }

  /** The report as a JSON object. */
  public String toJson() {
    return ReportJson.write(this);
  }

  /** The upstream, as shown in logs (no password). */
  public String repository() {
    return repository;
  }

  /** The target directory. */
  public String target() {
    return target;
  }

  public Instant started() {
    return started;
  }

  public long durationMillis() {
    return durationMillis;
  }

  /** True when the sync was skipped because the upstream marker had not changed. */
  public boolean skipped() {
    return skipped;
  }

  public long filesTransferred() {
    return filesTransferred;
  }

  public long filesDeleted() {
    return filesDeleted;
  }

  /**
   * Files the plan fetched conditionally that the upstream answered as not modified (HTTP {@code
   * 304}): nothing was transferred, the local copy stayed.
   */
  public long filesUnchanged() {
    return filesUnchanged;
  }

  public long directoriesCreated() {
    return directoriesCreated;
  }

  /** Symlinks and hard links created or replaced. */
  public long linksCreated() {
    return linksCreated;
  }

  public long attributesUpdated() {
    return attributesUpdated;
  }

  /** File content written into the mirror, in bytes. */
  public long bytesTransferred() {
    return bytesTransferred;
  }

  /** Bytes received on the wire. */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** Bytes sent on the wire. */
  public long bytesSent() {
    return bytesSent;
  }

  /** Content bytes that came over the wire as literal data. */
  public long literalBytes() {
    return literalBytes;
  }

  /** Content bytes copied from the local basis file (delta transfer). */
  public long matchedBytes() {
    return matchedBytes;
  }

  public List<String> warnings() {
    return warnings;
  }

  /** Per-path outcomes of everything that changed (or failed). */
  public List<FileOutcome> files() {
    return files;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.repository = repository;
    b.target = target;
    b.started = started;
    b.durationMillis = durationMillis;
    b.skipped = skipped;
    b.filesTransferred = filesTransferred;
    b.filesDeleted = filesDeleted;
    b.filesUnchanged = filesUnchanged;
    b.directoriesCreated = directoriesCreated;
    b.linksCreated = linksCreated;
    b.attributesUpdated = attributesUpdated;
    b.bytesTransferred = bytesTransferred;
    b.bytesReceived = bytesReceived;
    b.bytesSent = bytesSent;
    b.literalBytes = literalBytes;
    b.matchedBytes = matchedBytes;
    b.warnings.addAll(warnings);
    b.files.addAll(files);
    return b;
  }

  @Override
  public String toString() {
    if (skipped) {
      return repository + " -> " + target + ": skipped, upstream marker unchanged";
    }
    return String.format(
        "%s -> %s: %d files transferred (%d bytes), %d unchanged, %d deleted, %d dirs created,"
            + " %d links; wire: %d received, %d sent; delta: %d literal, %d matched; %d warnings; %d ms",
        repository,
        target,
        filesTransferred,
        bytesTransferred,
        filesUnchanged,
        filesDeleted,
        directoriesCreated,
        linksCreated,
        bytesReceived,
        bytesSent,
        literalBytes,
        matchedBytes,
        warnings.size(),
        durationMillis);
  }

  /** Builds a {@link SyncReport}; used by engines and transports. Not thread-safe. */
  public static final class Builder {
    private String repository = "";
    private String target = "";
    private Instant started = Instant.EPOCH;
    private long durationMillis;
    private boolean skipped;
    private long filesTransferred;
    private long filesDeleted;
    private long filesUnchanged;
    private long directoriesCreated;
    private long linksCreated;
    private long attributesUpdated;
    private long bytesTransferred;
    private long bytesReceived;
    private long bytesSent;
    private long literalBytes;
    private long matchedBytes;
    private final List<String> warnings = new ArrayList<>();
    private final List<FileOutcome> files = new ArrayList<>();

    private Builder() {}

    public Builder repository(String value) {
      repository = value;
      return this;
    }

    public Builder target(String value) {
      target = value;
      return this;
    }

    public Builder started(Instant value) {
      started = value;
      return this;
    }

    public Builder durationMillis(long value) {
      durationMillis = value;
      return this;
    }

    public Builder skipped(boolean value) {
      skipped = value;
      return this;
    }

    public Builder filesTransferred(long value) {
      filesTransferred = value;
      return this;
    }

    public Builder filesUnchanged(long value) {
      filesUnchanged = value;
      return this;
    }

    public Builder filesDeleted(long value) {
      filesDeleted = value;
      return this;
    }

    public Builder directoriesCreated(long value) {
      directoriesCreated = value;
      return this;
    }

    public Builder linksCreated(long value) {
      linksCreated = value;
      return this;
    }

    public Builder attributesUpdated(long value) {
      attributesUpdated = value;
      return this;
    }

    public Builder bytesTransferred(long value) {
      bytesTransferred = value;
      return this;
    }

    public Builder bytesReceived(long value) {
      bytesReceived = value;
      return this;
    }

    public Builder bytesSent(long value) {
      bytesSent = value;
      return this;
    }

    public Builder literalBytes(long value) {
      literalBytes = value;
      return this;
    }

    public Builder matchedBytes(long value) {
      matchedBytes = value;
      return this;
    }

    public Builder addWarning(String warning) {
      warnings.add(warning);
      return this;
    }

    public Builder addFile(FileOutcome outcome) {
      files.add(outcome);
      return this;
    }

    public SyncReport build() {
      return new SyncReport(this);
    }
  }
}
