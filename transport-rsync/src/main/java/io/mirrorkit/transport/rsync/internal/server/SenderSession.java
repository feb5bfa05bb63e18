package io.mirrorkit.transport.rsync.internal.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.FilterRules;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.checksum.FileSum;
import io.mirrorkit.transport.rsync.internal.checksum.StrongSum;
import io.mirrorkit.transport.rsync.internal.checksum.SumHead;
import io.mirrorkit.transport.rsync.internal.flist.EntryEncoder;
import io.mirrorkit.transport.rsync.internal.flist.FileEntry;
import io.mirrorkit.transport.rsync.internal.flist.FileListReader;
import io.mirrorkit.transport.rsync.internal.flist.Ids;
import io.mirrorkit.transport.rsync.internal.token.TokenWriter;
import io.mirrorkit.transport.rsync.internal.wire.MessageHandler;
import io.mirrorkit.transport.rsync.internal.wire.MuxInputStream;
import io.mirrorkit.transport.rsync.internal.wire.MuxOutputStream;
import io.mirrorkit.transport.rsync.internal.wire.Ndx;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sender a daemon runs for a pulling client, from the setup to the goodbye (main.c
 * do_server_sender, sender.c send_files): the file list, then for every index the client asks for,
 * its block sums in and the file out as tokens against them, the redo phase, the statistics and the
 * goodbye of protocols 30 and 31+.
 */
final class SenderSession {
  private static final int ITEM_BASIS_TYPE_FOLLOWS = 1 << 11;
  private static final int ITEM_XNAME_FOLLOWS = 1 << 12;
  private static final int ITEM_TRANSFER = 1 << 15;

  private final ServerContext ctx;
  private final ServerArgs args;
  private final int protocol;
  private final FlushingInput rawIn;
  private final CountingOutput rawOut;

  private MuxOutputStream mux;
  private WireOutput out;
  private WireInput in;
  private final Ndx ndxIn = new Ndx();
  private final Ndx ndxOut = new Ndx();
  private List<ModuleTree.Found> files = List.of();
  private int ioError;
  private Path lastSafeParent;

  SenderSession(
      ServerContext ctx,
      ServerArgs args,
      int protocol,
      FlushingInput rawIn,
      CountingOutput rawOut) {
    this.ctx = ctx;
    this.args = args;
    this.protocol = protocol;
    this.rawIn = rawIn;
    this.rawOut = rawOut;
  }

  /** Sends an error before the session proper: the setup, then the message, multiplexed. */
  static void refuse(ServerArgs args, FlushingInput rawIn, CountingOutput rawOut, String message)
      throws IOException {
    ServerSetup.exchange(args, new WireInput(rawIn), new WireOutput(rawOut));
    MuxOutputStream m = new MuxOutputStream(rawOut);
    m.message(MuxInputStream.MSG_ERROR, ("rsync: " + message + "\n").getBytes(UTF_8));
    m.flush();
  }

  void run(List<ServerContext.Request> requests) throws IOException {
    ServerSetup setup = ServerSetup.exchange(args, new WireInput(rawIn), new WireOutput(rawOut));
    mux = new MuxOutputStream(rawOut);
    rawIn.flushTarget(mux);
    out = new WireOutput(mux);
    in = new WireInput(new BufferedInputStream(new MuxInputStream(rawIn, ignoreMessages()), 8192));
    if (setup.problem != null) {
      fatal(setup.problem);
      return;
    }
    FilterRules clientRules;
    try {
      clientRules = ClientFilters.toRules(ClientFilters.read(in));
    } catch (IllegalArgumentException e) {
      fatal(e.getMessage());
      return;
    }
    long start = System.nanoTime();
    ModuleTree tree =
        new ModuleTree(
            ctx.root(),
            ctx.moduleFilters(),
            clientRules,
            args.recursive,
            args.dirs || args.listOnly,
            args.links,
            ctx.module().mungeSymlinks(),
            ctx.limits().maxFileListEntries(),
            this::error);
    for (ServerContext.Request r : requests) {
      tree.add(r.relative(), r.contents(), r.display());
    }
    files = tree.sorted();
    ioError |= tree.ioError;
    long built = System.nanoTime();
    sendFileList(setup);
    long sent = System.nanoTime();
    if (files.isEmpty()) {
      mux.flush();
      return; // as rsync: nothing to send ends the session
    }
    transfer(setup);
    long totalSize = 0;
    for (ModuleTree.Found f : files) {
      totalSize += f.isFile() || (f.mode() & FileEntry.S_IFMT) == FileEntry.S_IFLNK ? f.size() : 0;
    }
    mux.flush();
    out.writeVarlong(rawIn.count, 3);
    out.writeVarlong(rawOut.count, 3);
    out.writeVarlong(totalSize, 3);
    out.writeVarlong((built - start) / 1_000_000, 3);
    out.writeVarlong((sent - built) / 1_000_000, 3);
    goodbye();
    mux.flush();
  }

  private static MessageHandler ignoreMessages() {
    return new MessageHandler() {
      @Override
      public void text(int code, String message) {}

      @Override
      public void value(int code, int value) {}
    };
  }

  private void sendFileList(ServerSetup setup) throws IOException {
    boolean names = !args.numericIds && (args.owner || args.group);
    FileListReader.Config config =
        new FileListReader.Config(
                protocol,
                setup.varintFlags(),
                args.links,
                args.hardLinks,
                args.perms,
                args.times,
                args.checksum ? setup.checksum.digestLength() : 0)
            .withIds(
                new Ids(
                    args.owner,
                    args.group,
                    names,
                    (setup.compatFlags
                            & io.mirrorkit.transport.rsync.internal.session.Setup.CF_ID0_NAMES)
                        != 0));
    EntryEncoder encoder = new EntryEncoder(out, config);
    int[] leaders = args.hardLinks ? ModuleTree.hardLinkLeaders(files) : new int[files.size()];
    if (!args.hardLinks) {
      java.util.Arrays.fill(leaders, -1);
    }
    Map<Integer, String> users = new HashMap<>();
    Map<Integer, String> groups = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      ModuleTree.Found f = files.get(i);
      byte[] sum = null;
      if (args.checksum && f.isFile() && (leaders[i] < 0 || leaders[i] == i)) {
        sum = fileChecksum(f.path(), setup);
      }
      FileEntry e =
          FileEntry.forSending(
              i,
              f.name(),
              f.mode(),
              f.size(),
              f.mtime(),
              protocol >= 31 ? f.nsec() : 0,
              f.target(),
              sum,
              leaders[i],
              f.uid(),
              f.gid());
      final Path p = f.path();
      encoder.write(
          e,
          uid -> users.computeIfAbsent(uid, k -> ownerName(p, "unix:owner")),
          gid -> groups.computeIfAbsent(gid, k -> ownerName(p, "unix:group")));
    }
    encoder.finish(ioError);
    mux.flush();
  }

  private static String ownerName(Path p, String attribute) {
    try {
      Object principal = Files.getAttribute(p, attribute, LinkOption.NOFOLLOW_LINKS);
      String name = ((java.security.Principal) principal).getName();
      return name.chars().allMatch(Character::isDigit) ? "" : name;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private byte[] fileChecksum(Path path, ServerSetup setup) {
    FileSum sum = new FileSum(setup.checksum);
    try (InputStream s = open(path)) {
      byte[] b = new byte[64 * 1024];
      for (int n; (n = s.read(b)) > 0; ) {
        sum.update(b, 0, n);
      }
      return sum.finish();
    } catch (IOException e) {
      return new byte[setup.checksum.digestLength()];
    }
  }

  private InputStream open(Path path) throws IOException {
    Path parent = path.getParent();
    if (!parent.equals(lastSafeParent)) {
      // a directory swapped for a symlink since the list was made must not lead out
      if (!parent.toRealPath().startsWith(ctx.root())) {
        throw new NoSuchFileException(path.toString(), null, "left the module");
      }
      lastSafeParent = parent;
    }
    InputStream in = Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .isRegularFile()) {
      in.close();
      throw new IOException("Not a regular file");
    }
    return in;
  }

  private void transfer(ServerSetup setup) throws IOException {
    StrongSum strong = new StrongSum(setup.checksum, setup.seed, setup.seedFirst());
    BlockMatcher matcher = new BlockMatcher(strong);
    FileSum fileSum = new FileSum(setup.checksum);
    int savedIoError = ioError;
    int phase = 0;
    try (TokenWriter tokens = TokenWriter.create(setup.compression, mux, args.compressLevel)) {
      while (true) {
        int ndx = readNdx();
        if (ndx == Ndx.DONE) {
          if (++phase > 2) {
            break;
          }
          ndxOut.write(out, Ndx.DONE);
          continue;
        }
        int iflags = in.readShort("the item flags");
        int type = (iflags & ITEM_BASIS_TYPE_FOLLOWS) != 0 ? in.readByte("the basis type") : -1;
        byte[] xname = (iflags & ITEM_XNAME_FOLLOWS) != 0 ? readVstring() : null;
        if ((iflags & ITEM_TRANSFER) == 0 || args.dryRun) {
          echo(ndx, iflags, type, xname);
          continue;
        }
        ModuleTree.Found f = files.get(ndx);
        if (!f.isFile()) {
          throw new ProtocolException("received request to transfer non-regular file: " + ndx);
        }
        if (phase == 2) {
          throw new ProtocolException("got transfer request in phase 2");
        }
        SumHead head = SumHead.read(in, setup.checksum);
        BlockMatcher.BlockSet blocks = readBlocks(head);
        String name = new String(f.name(), UTF_8);
        InputStream data;
        try {
          data = open(f.path());
        } catch (NoSuchFileException e) {
          ioError |= ModuleTree.IOERR_VANISHED;
          message(MuxInputStream.MSG_WARNING, "file has vanished: " + ctx.fullName(name));
          noSend(ndx);
          continue;
        } catch (IOException e) {
          ioError |= ModuleTree.IOERR_GENERAL;
          message(
              MuxInputStream.MSG_ERROR_XFER,
              "rsync: [sender] send_files failed to open "
                  + ctx.fullName(name)
                  + ": "
                  + ModuleTree.reason(e));
          noSend(ndx);
          continue;
        }
        try (InputStream s = data) {
          ctx.faults().beforeFile(ndx, name);
          echo(ndx, iflags, type, xname);
          head.write(out);
          tokens.compressNextFile(!ctx.dontCompress(name));
          matcher.send(s, f.size(), blocks, tokens, fileSum);
          tokens.endFile();
          out.writeBytes(ctx.faults().fileSum(ndx, name, fileSum.finish()));
        }
      }
    }
    if (ioError != savedIoError) {
      mux.message(MuxInputStream.MSG_IO_ERROR, le32(ioError));
    }
    ndxOut.write(out, Ndx.DONE);
  }

  private BlockMatcher.BlockSet readBlocks(SumHead head) throws IOException {
    long bytes = (long) head.count() * (8 + head.s2length());
    if (bytes > ctx.limits().maxBlockSumBytes()) {
      throw new ProtocolException(
          "the client sent a sum header with "
              + head.count()
              + " blocks; at most "
              + ctx.limits().maxBlockSumBytes() / (8 + Math.max(1, head.s2length()))
              + " are accepted");
    }
    int[] rolling = new int[head.count()];
    byte[] strong = new byte[head.count() * head.s2length()];
    for (int i = 0; i < head.count(); i++) {
      rolling[i] = in.readInt("a block's rolling sum");
      in.readFully(strong, i * head.s2length(), head.s2length(), "a block's strong sum");
    }
    return new BlockMatcher.BlockSet(head, rolling, strong);
  }

  /** The next index, answering DEL_STATS as a server sender does (rsync.c read_ndx_and_attrs). */
  private int readNdx() throws IOException {
    while (true) {
      int ndx = ndxIn.read(in);
      if (ndx == Ndx.DEL_STATS) {
        int[] stats = new int[5];
        for (int i = 0; i < 5; i++) {
          stats[i] = in.readVarint("the delete statistics");
        }
        ndxOut.write(out, Ndx.DEL_STATS);
        for (int v : stats) {
          out.writeVarint(v);
        }
        continue;
      }
      if (ndx == Ndx.DONE) {
        return ndx;
      }
      if (ndx < 0 || ndx >= files.size()) {
        throw new ProtocolException(
            "Invalid file index: " + ndx + " (-1 - " + (files.size() - 1) + ") [sender]");
      }
      return ndx;
    }
  }

  private byte[] readVstring() throws IOException {
    int len = in.readByte("a name");
    if ((len & 0x80) != 0) {
      len = ((len & 0x7F) << 8) | in.readByte("a name");
    }
    return in.readBytes(len, "a name");
  }

  private void echo(int ndx, int iflags, int type, byte[] xname) throws IOException {
    ndxOut.write(out, ndx);
    out.writeShort(iflags);
    if (type >= 0) {
      out.writeByte(type);
    }
    if (xname != null) {
      if (xname.length >= 0x80) {
        out.writeByte(0x80 | xname.length >> 8);
      }
      out.writeByte(xname.length & 0xFF);
      out.writeBytes(xname);
    }
  }

  private void goodbye() throws IOException {
    int ndx = readNdx();
    if (protocol >= 31 && ndx == Ndx.DONE) {
      ndxOut.write(out, Ndx.DONE);
      mux.flush();
      ndx = readNdx();
    }
    if (ndx != Ndx.DONE) {
      throw new ProtocolException("Invalid packet at end of run (" + ndx + ")");
    }
  }

  private void noSend(int ndx) throws IOException {
    mux.message(MuxInputStream.MSG_NO_SEND, le32(ndx));
  }

  private void error(String text) {
    try {
      message(MuxInputStream.MSG_ERROR, text);
    } catch (IOException e) {
      // the client is gone; the session ends at its next write
    }
  }

  private void message(int code, String text) throws IOException {
    mux.message(code, (text + "\n").getBytes(UTF_8));
  }

  /** Reports a fatal problem to the client and ends the session. */
  void fatal(String text) throws IOException {
    message(MuxInputStream.MSG_ERROR, "rsync: " + text);
    mux.flush();
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }
}
