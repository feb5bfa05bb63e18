package io.mirrorkit.internal.format;

import io.mirrorkit.ContentMismatchException;
import io.mirrorkit.spi.FetchTarget;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A store's target that tells the format's gate when the file it receives does not match what the
 * index gives (another size or checksum): the gate then reports the upstream's inconsistency
 * instead of a failed transfer.
 */
public final class CheckedTarget implements FetchTarget {
  private final FetchTarget target;
  private final FormatSync format;
  private final OutputStream output;

  public CheckedTarget(FetchTarget target, FormatSync format) {
    this.target = target;
    this.format = format;
    this.output =
        new FilterOutputStream(target.output()) {
          @Override
          public void write(int b) throws IOException {
            noted(() -> out.write(b));
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            noted(() -> out.write(b, off, len));
          }
        };
  }

  private interface Step {
    void run() throws IOException;
  }

  private void noted(Step step) throws IOException {
    try {
      step.run();
    } catch (ContentMismatchException e) {
      format.mismatched(e.path(), e.getMessage());
      throw e;
    }
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public long resume() throws IOException {
    return target.resume();
  }

  @Override
  public @Nullable String resumeValidator() {
    return target.resumeValidator();
  }

  @Override
  public void restart() throws IOException {
    target.restart();
  }

  @Override
  public void modificationTime(Instant mtime) {
    target.modificationTime(mtime);
  }

  @Override
  public void validator(String value) {
    target.validator(value);
  }

  @Override
  public void unchanged() throws IOException {
    target.unchanged();
  }

  @Override
  public void delta(long literalBytes, long matchedBytes) {
    target.delta(literalBytes, matchedBytes);
  }

  @Override
  public void complete() throws IOException {
    noted(target::complete);
  }

  @Override
  public void close() {
    target.close();
  }
}
