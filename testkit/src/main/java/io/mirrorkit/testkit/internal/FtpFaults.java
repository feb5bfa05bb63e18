package io.mirrorkit.testkit.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.ftplet.FtpletResult;

/**
 * The faults {@code FtpUpstream} injects into Apache FtpServer: dropped downloads, refused logins.
 */
public final class FtpFaults {
  private FtpFaults() {}

  /**
   * {@code delegate} with downloads that break: {@code faults} maps an absolute path to {@code
   * {afterBytes, timesLeft}} (shared by all sessions, counted down); each break counts in {@code
   * drops}.
   */
  public static FileSystemView dropping(
      FileSystemView delegate, Map<String, long[]> faults, AtomicInteger drops) {
    return new FaultyView(delegate, faults, drops);
  }

  /** An ftplet that answers every {@code PASS} with 530 and counts it in {@code count}. */
  public static Ftplet refusingLogins(AtomicInteger count) {
    return new RefuseLogins(count);
  }

  /** Answers every {@code USER}/{@code PASS} with 530. */
  private static final class RefuseLogins extends DefaultFtplet {
    private final AtomicInteger count;

    RefuseLogins(AtomicInteger count) {
      this.count = count;
    }

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request)
        throws FtpException, IOException {
      if ("PASS".equalsIgnoreCase(request.getCommand())) {
        count.incrementAndGet();
        session.write(new DefaultFtpReply(530, "Login refused (FtpUpstream.refuseLogins)."));
        return FtpletResult.SKIP;
      }
      return FtpletResult.DEFAULT;
    }
  }

  /** A file system view whose chosen files break their downloads. */
  private static final class FaultyView implements FileSystemView {
    private final FileSystemView delegate;
    private final Map<String, long[]> faults;
    private final AtomicInteger drops;

    FaultyView(FileSystemView delegate, Map<String, long[]> faults, AtomicInteger drops) {
      this.delegate = delegate;
      this.faults = faults;
      this.drops = drops;
    }

    private FtpFile wrap(FtpFile file) {
      long[] fault = faults.get(file.getAbsolutePath());
      return fault == null ? file : new FaultyFile(file, fault, drops);
    }

    @Override
    public FtpFile getHomeDirectory() throws FtpException {
      return delegate.getHomeDirectory();
    }

    @Override
    public FtpFile getWorkingDirectory() throws FtpException {
      return delegate.getWorkingDirectory();
    }

    @Override
    public boolean changeWorkingDirectory(String dir) throws FtpException {
      return delegate.changeWorkingDirectory(dir);
    }

    @Override
    public FtpFile getFile(String file) throws FtpException {
      return wrap(delegate.getFile(file));
    }

    @Override
    public boolean isRandomAccessible() throws FtpException {
      return delegate.isRandomAccessible();
    }

    @Override
    public void dispose() {
      delegate.dispose();
    }
  }

  /** A file whose download stream fails, like a dropped data connection, after some bytes. */
  private static final class FaultyFile implements FtpFile {
    private final FtpFile delegate;
    private final long[] fault; // {afterBytes, timesLeft}, shared by all sessions
    private final AtomicInteger drops;

    FaultyFile(FtpFile delegate, long[] fault, AtomicInteger drops) {
      this.delegate = delegate;
      this.fault = fault;
      this.drops = drops;
    }

    @Override
    public InputStream createInputStream(long offset) throws IOException {
      InputStream in = delegate.createInputStream(offset);
      boolean drop;
      synchronized (fault) {
        drop = fault[1] > 0;
        if (drop) {
          fault[1]--;
        }
      }
      if (!drop) {
        return in;
      }
      long limit = fault[0];
      return new FilterInputStream(in) {
        private long sent;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (sent >= limit) {
            drops.incrementAndGet();
            throw new SocketException("data connection dropped by FtpUpstream after " + sent);
          }
          int n = super.read(b, off, (int) Math.min(len, limit - sent));
          if (n > 0) {
            sent += n;
          }
          return n;
        }
      };
    }

    @Override
    public String getAbsolutePath() {
      return delegate.getAbsolutePath();
    }

    @Override
    public String getName() {
      return delegate.getName();
    }

    @Override
    public boolean isHidden() {
      return delegate.isHidden();
    }

    @Override
    public boolean isDirectory() {
      return delegate.isDirectory();
    }

    @Override
    public boolean isFile() {
      return delegate.isFile();
    }

    @Override
    public boolean doesExist() {
      return delegate.doesExist();
    }

    @Override
    public boolean isReadable() {
      return delegate.isReadable();
    }

    @Override
    public boolean isWritable() {
      return false;
    }

    @Override
    public boolean isRemovable() {
      return false;
    }

    @Override
    public String getOwnerName() {
      return delegate.getOwnerName();
    }

    @Override
    public String getGroupName() {
      return delegate.getGroupName();
    }

    @Override
    public int getLinkCount() {
      return delegate.getLinkCount();
    }

    @Override
    public long getLastModified() {
      return delegate.getLastModified();
    }

    @Override
    public boolean setLastModified(long time) {
      return false;
    }

    @Override
    public long getSize() {
      return delegate.getSize();
    }

    @Override
    public Object getPhysicalFile() {
      return delegate.getPhysicalFile();
    }

    @Override
    public boolean mkdir() {
      return false;
    }

    @Override
    public boolean delete() {
      return false;
    }

    @Override
    public boolean move(FtpFile destination) {
      return false;
    }

    @Override
    public List<? extends FtpFile> listFiles() {
      return delegate.listFiles();
    }

    @Override
    public OutputStream createOutputStream(long offset) throws IOException {
      throw new IOException("read-only");
    }
  }
}
