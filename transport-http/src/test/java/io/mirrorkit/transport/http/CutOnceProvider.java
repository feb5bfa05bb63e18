package io.mirrorkit.transport.http;

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
import org.jspecify.annotations.Nullable;

/**
 * Wraps a transport so that one file's transfer breaks once after {@code afterBytes}, as a killed
 * run or a cut connection leaves it; unlike core's FaultInjectingProvider it passes every {@link
 * FetchTarget} call on (validators included), so that what the transport records reaches core.
 */
final class CutOnceProvider implements TransportProvider {
  private final TransportProvider delegate;
  private final MirrorPath victim;
  private final long afterBytes;
  private volatile boolean cut;

  CutOnceProvider(TransportProvider delegate, MirrorPath victim, long afterBytes) {
    this.delegate = delegate;
    this.victim = victim;
    this.afterBytes = afterBytes;
  }

  boolean cut() {
    return cut;
  }

  @Override
  public String name() {
    return "cut-once " + delegate.name();
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
        return cut || !request.path().equals(victim) ? target : new Cutting(target);
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

  private final class Cutting implements FetchTarget {
    private final FetchTarget target;
    private final OutputStream output;
    private long written;

    Cutting(FetchTarget target) {
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
              if (!cut && len > room) {
                out.write(b, off, (int) room);
                written = afterBytes;
                cut = true;
                throw new IOException("test: transfer cut after " + afterBytes + " bytes");
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
      written = target.resume();
      return written;
    }

    @Override
    public @Nullable String resumeValidator() {
      return target.resumeValidator();
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
      target.complete();
    }

    @Override
    public void close() {
      target.close();
    }
  }
}
