package io.mirrorkit.contract;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Wraps a transport so that writing a chosen file fails after some bytes, the way a connection cut
 * in the middle of a file looks to the transport: its next write throws. Counts the faults it
 * injected; stops injecting after {@code times} faults.
 */
public final class FaultInjectingProvider implements TransportProvider {
  private final TransportProvider delegate;
  private final Predicate<MirrorPath> victim;
  private final long afterBytes;
  private final AtomicInteger remaining;
  private final AtomicInteger injected = new AtomicInteger();
  private boolean refuse;

  /**
   * A provider whose upstream refuses to send the victims at all (as an rsync daemon does for a
   * file it cannot read): {@link FetchSink#failed} for each, every time.
   */
  public static FaultInjectingProvider refusing(
      TransportProvider delegate, Predicate<MirrorPath> victim) {
    FaultInjectingProvider p = new FaultInjectingProvider(delegate, victim, 0, Integer.MAX_VALUE);
    p.refuse = true;
    return p;
  }

  public FaultInjectingProvider(
      TransportProvider delegate, Predicate<MirrorPath> victim, long afterBytes, int times) {
    this.delegate = delegate;
    this.victim = victim;
    this.afterBytes = afterBytes;
    this.remaining = new AtomicInteger(times);
  }

  /** How many faults were injected. */
  public int injected() {
    return injected.get();
  }

  @Override
  public String name() {
    return "fault-injecting " + delegate.name();
  }

  @Override
  public Set<String> schemes() {
    return delegate.schemes();
  }

  @Override
  public Transport create() {
    Transport transport = delegate.create();
    return new Transport() {
      @Override
      public Set<Capability> capabilities() {
        return transport.capabilities();
      }

      @Override
      public Session open(Repository repository, SyncOptions options, SessionContext context)
          throws IOException {
        Session session = transport.open(repository, options, context);
        return new Session() {
          @Override
          public Listing list(ListRequest request) throws IOException {
            return session.list(request);
          }

          @Override
          public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
            if (refuse) {
              List<FetchRequest> rest = new java.util.ArrayList<>();
              for (FetchRequest r : requests) {
                if (victim.test(r.path())) {
                  injected.incrementAndGet();
                  sink.failed(
                      r, "send_files failed to open \"" + r.path() + "\": Permission denied");
                } else {
                  rest.add(r);
                }
              }
              requests = rest;
            }
            session.fetch(requests, wrap(sink));
          }

          @Override
          public void close() throws IOException {
            session.close();
          }
        };
      }

      @Override
      public void close() throws IOException {
        transport.close();
      }
    };
  }

  private FetchSink wrap(FetchSink sink) {
    return new FetchSink() {
      @Override
      public FetchTarget open(FetchRequest request) throws IOException {
        FetchTarget target = sink.open(request);
        if (refuse || !victim.test(request.path()) || remaining.get() <= 0) {
          return target;
        }
        return new FaultyTarget(target);
      }

      @Override
      public void vanished(FetchRequest request, String detail) {
        sink.vanished(request, detail);
      }

      @Override
      public void failed(FetchRequest request, String detail) {
        sink.failed(request, detail);
      }
    };
  }

  private final class FaultyTarget implements FetchTarget {
    private final FetchTarget target;
    private final OutputStream output;
    private long written;

    FaultyTarget(FetchTarget target) {
      this.target = target;
      OutputStream out = target.output();
      this.output =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              long room = afterBytes - written;
              if (len > room) {
                out.write(b, off, (int) Math.max(0, room));
                written = afterBytes;
                if (remaining.getAndDecrement() > 0) {
                  injected.incrementAndGet();
                  throw new IOException(
                      "injected fault: connection cut after " + afterBytes + " bytes");
                }
                out.write(b, off + (int) Math.max(0, room), len - (int) Math.max(0, room));
                return;
              }
              out.write(b, off, len);
              written += len;
            }
          };
    }

    @Override
    public OutputStream output() {
      return output;
    }

    @Override
    public long resume() throws IOException {
      long resumed = target.resume();
      written = resumed;
      return resumed;
    }

    @Override
    public @org.jspecify.annotations.Nullable String resumeValidator() {
      return target.resumeValidator();
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
    public void restart() throws IOException {
      target.restart();
      written = 0;
    }

    @Override
    public void modificationTime(Instant mtime) {
      target.modificationTime(mtime);
    }

    @Override
    public void delta(long literalBytes, long matchedBytes) {
      target.delta(literalBytes, matchedBytes);
    }

    @Override
    public void complete() throws IOException {
      target.complete();
    }

    @Override
    public void close() {
      target.close();
    }
  }
}
