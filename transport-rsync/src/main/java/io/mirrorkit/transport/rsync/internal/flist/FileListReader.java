package io.mirrorkit.transport.rsync.internal.flist;

import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.END_WITH_IO_ERROR;
import static io.mirrorkit.transport.rsync.internal.flist.XmitFlags.EXTENDED_FLAGS;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes the file list an rsync sender transmits after the filter list, for protocols 30 to 32
 * without incremental recursion, and the io_error that ends it.
 *
 * <p>Each entry starts with its flags (a varint with compat flag {@code VARINT_FLIST_FLAGS},
 * otherwise one byte, two with {@code EXTENDED_FLAGS}); then the name as a prefix length shared
 * with the previous name and the rest; then either the receive index of its hard-link leader (and
 * nothing else) or size, modification time, nanoseconds, mode and symlink target, each omitted when
 * a flag says it equals the previous entry's. The list ends with flags 0 followed by a varint
 * io_error; in the byte format either a single 0 (io_error 0, or sent separately as {@code
 * MSG_IO_ERROR} at protocol 30 without the {@code f} letter) or {@code EXTENDED_FLAGS |
 * IO_ERROR_ENDLIST} followed by the io_error varint.
 *
 * <p>With {@code -o}/{@code -g} ({@link Config#ids()}) each entry carries a uid and gid after its
 * mode, and without {@code --numeric-ids} the id-to-name lists follow the end of the list ({@link
 * IdNames}).
 *
 * <p>The reader enforces limits and refuses what the client did not ask for: user or group names
 * without {@code -o}/{@code -g}, access or creation times, unknown flag bits, names or symlink
 * targets over 4096 bytes, a shared prefix longer than the previous name, negative sizes,
 * nanoseconds out of range, unknown file types, hard-link references that do not point back to a
 * group leader, and more entries than {@link Config#maxEntries()}: each is a {@link
 * ProtocolException} saying what was expected and what came. A {@link ListBudget} keeps the whole
 * list within the sync's {@link io.mirrorkit.ListingLimits} and the memory. An unsafe name
 * (absolute, {@code ..}, NUL, empty component) is an {@link UnsafePathException}, as in rsync,
 * which aborts on them too.
 *
 * <p>Not thread-safe; one list per reader.
 */
public final class FileListReader {
  /** The default limit on the number of entries. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000_000;

  /** The longest name accepted, in bytes (rsync itself stops at 4095, its MAXPATHLEN - 1). */
  public static final int MAX_NAME_BYTES = 4096;

  /** The longest symlink target accepted, in bytes. */
  public static final int MAX_LINK_TARGET_BYTES = 4096;

  /** The longest whole-file checksum accepted with {@code -c} (rsync's MAX_DIGEST_LEN). */
  public static final int MAX_CHECKSUM_LENGTH = 64;

  /**
   * What the client asked for, which decides the fields on the wire.
   *
   * @param protocol the negotiated protocol version, 30 to 32
   * @param varintFlags whether the server set compat flag {@code VARINT_FLIST_FLAGS} (letter {@code
   *     v})
   * @param preserveLinks {@code -l}: symlinks carry their target
   * @param preserveHardLinks {@code -H}: hard links are flagged and followers abbreviated
   * @param preservePerms {@code -p}; the mode is on the wire either way (it carries the file type),
   *     so this does not change the decoding and is kept for the session's benefit
   * @param preserveTimes {@code -t}; the modification time is on the wire either way, so this does
   *     not change the decoding and is kept for the session's benefit
   * @param checksumLength with {@code -c}, the length of the whole-file checksum after each regular
   *     file; 0 without {@code -c}
   * @param maxEntries the most entries accepted
   * @param ids whether uids and gids are on the wire ({@code -o}/{@code -g}) and their names follow
   */
  public record Config(
      int protocol,
      boolean varintFlags,
      boolean preserveLinks,
      boolean preserveHardLinks,
      boolean preservePerms,
      boolean preserveTimes,
      int checksumLength,
      int maxEntries,
      Ids ids) {
    public Config {
      if (protocol < 30 || protocol > 32) {
        throw new IllegalArgumentException(
            "the file-list reader supports protocols 30 to 32, not " + protocol);
      }
      if (checksumLength < 0 || checksumLength > MAX_CHECKSUM_LENGTH) {
        throw new IllegalArgumentException("invalid checksum length " + checksumLength);
      }
      if (maxEntries < 1) {
        throw new IllegalArgumentException("invalid entry limit " + maxEntries);
      }
    }

    /** A configuration without owners. */
    public Config(
        int protocol,
        boolean varintFlags,
        boolean preserveLinks,
        boolean preserveHardLinks,
        boolean preservePerms,
        boolean preserveTimes,
        int checksumLength,
        int maxEntries) {
      this(
          protocol,
          varintFlags,
          preserveLinks,
          preserveHardLinks,
          preservePerms,
          preserveTimes,
          checksumLength,
          maxEntries,
          Ids.NONE);
    }

    /** A configuration with the default entry limit ({@value #DEFAULT_MAX_ENTRIES}). */
    public Config(
        int protocol,
        boolean varintFlags,
        boolean preserveLinks,
        boolean preserveHardLinks,
        boolean preservePerms,
        boolean preserveTimes,
        int checksumLength) {
      this(
          protocol,
          varintFlags,
          preserveLinks,
          preserveHardLinks,
          preservePerms,
          preserveTimes,
          checksumLength,
          DEFAULT_MAX_ENTRIES);
    }

    /** mirrorkit's pull, {@code -rlptH} without {@code -c}, with the default entry limit. */
    public static Config pull(int protocol, boolean varintFlags) {
      return new Config(protocol, varintFlags, true, true, true, true, 0);
    }

    /** A copy with another entry limit. */
    public Config withMaxEntries(int limit) {
      return new Config(
          protocol,
          varintFlags,
          preserveLinks,
          preserveHardLinks,
          preservePerms,
          preserveTimes,
          checksumLength,
          limit,
          ids);
    }

    /** A copy that reads owners as {@code ids} says. */
    public Config withIds(Ids value) {
      return new Config(
          protocol,
          varintFlags,
          preserveLinks,
          preserveHardLinks,
          preservePerms,
          preserveTimes,
          checksumLength,
          maxEntries,
          value);
    }
  }

  private final WireInput in;
  private final Config config;
  private final ListBudget budget;
  private final IdNames idNames = new IdNames();
  private final EntryDecoder decoder;

  private int ioError;
  private boolean started;
  private Consumer<FileEntry> listener = e -> {};
  private boolean finished;

  public FileListReader(WireInput in, Config config) {
    this(in, config, ListBudget.unguarded());
  }

  /** A reader that keeps the list within {@code budget} (the sync's limits and the memory). */
  public FileListReader(WireInput in, Config config, ListBudget budget) {
    this.in = in;
    this.config = config;
    this.budget = budget;
    this.decoder = new EntryDecoder(in, config, idNames);
  }

  /**
   * Reads the entries up to and including the end of the list, in the order the sender sent them
   * (the receive order, which hard-link references use), and the io_error that ends the list.
   *
   * @throws ProtocolException if the list breaks the format or a limit, or the stream ends early
   * @throws UnsafePathException if a name is absolute, has a {@code ..}, {@code .} or empty
   *     component, or a NUL
   * @throws IllegalStateException if called twice
   */
  /**
   * Has {@code value} see each entry as soon as it is read, in receive order, before {@link #read}
   * returns (a {@link ListConversion} converts them meanwhile).
   */
  public FileListReader listener(Consumer<FileEntry> value) {
    this.listener = value;
    return this;
  }

  public List<FileEntry> read() throws IOException {
    if (started) {
      throw new IllegalStateException("the file list has already been read");
    }
    started = true;
    List<FileEntry> entries = new ArrayList<>();
    while (true) {
      int index = entries.size();
      int flags = readFlags();
      if (flags == 0) {
        break;
      }
      if (index >= config.maxEntries()) {
        throw new ProtocolException(
            "the rsync server's file list has more than "
                + config.maxEntries()
                + " entries, mirrorkit's limit; mirror a smaller part of the module or raise the"
                + " limit");
      }
      FileEntry entry;
      try {
        entry = decoder.read(index, flags, entries);
      } catch (ProtocolException e) {
        throw inEntry(e, index);
      }
      budget.add(entry);
      entries.add(entry);
      listener.accept(entry);
    }
    budget.finish();
    idNames.read(in, config.ids());
    finished = true;
    return Collections.unmodifiableList(entries);
  }

  /**
   * Adds the entry number to what the wire primitives report (a truncation or an overflow names
   * only the field); the reader's own messages name the entry already.
   */
  private static ProtocolException inEntry(ProtocolException e, int index) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("file-list entry #")) {
      return e;
    }
    Throwable cause = e.getCause() instanceof EOFException ? e.getCause() : e;
    return new ProtocolException(message + " of file-list entry #" + index, cause);
  }

  /**
   * The io_error the sender reported at the end of the list: 0 if none, else a bit set ({@code 1}
   * general I/O error, {@code 2} files vanished, {@code 4} deletions limited). A receiver must not
   * delete anything when it is non-zero. At protocol 30 without the {@code f} letter the sender
   * reports it as {@code MSG_IO_ERROR} instead, which the demultiplexer sees.
   *
   * @throws IllegalStateException before {@link #read()} has returned
   */
  public int ioError() {
    if (!finished) {
      throw new IllegalStateException("the file list has not been read yet");
    }
    return ioError;
  }

  /** Reads an entry's flags; 0 at the end of the list (having read the io_error, if any). */
  private int readFlags() throws IOException {
    String what = "the flags of the next file-list entry or the end of the list";
    if (config.varintFlags()) {
      int flags = in.readVarint(what);
      if (flags == 0) {
        ioError = in.readVarint("the io_error after the end of the file list");
      }
      return flags;
    }
    int flags = in.readByte(what);
    if (flags == 0) {
      return 0;
    }
    if ((flags & EXTENDED_FLAGS) != 0) {
      flags |= in.readByte(what) << 8;
    }
    if (flags == END_WITH_IO_ERROR) {
      ioError = in.readVarint("the io_error after the end of the file list");
      return 0;
    }
    return flags;
  }

  /**
   * The user and group names the server sent (after the list, or with entries), by id.
   *
   * @throws IllegalStateException before {@link #read()} has returned
   */
  public IdNames idNames() {
    if (!finished) {
      throw new IllegalStateException("the file list has not been read yet");
    }
    return idNames;
  }

  /** Names an entry in messages (built only when something is wrong). */
  static String entry(int index, byte[] name) {
    return "file-list entry #" + index + " (\"" + Names.display(name) + "\")";
  }
}
