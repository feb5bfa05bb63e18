package io.mirrorkit.transport.rsync.internal.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Hooks through which a test upstream injects faults into a server's connections; the server itself
 * uses {@link #NONE}. Methods run on the connection's thread.
 */
public interface ServerFaults {
  ServerFaults NONE = new ServerFaults() {};

  /** Wraps a connection's raw output (to cut it after some bytes, or stall it). */
  default OutputStream output(OutputStream out) {
    return out;
  }

  /** Wraps a connection's raw input. */
  default InputStream input(InputStream in) {
    return in;
  }

  /** Whether every authentication fails. */
  default boolean refuseAuth() {
    return false;
  }

  /**
   * Called before the sender sends file {@code ndx}; throwing ends the connection there.
   *
   * @param name the file's name in the list
   */
  default void beforeFile(int ndx, String name) throws IOException {}

  /**
   * The whole-file checksum sent after file {@code ndx}'s tokens; a test changes it to make the
   * client believe a block arrived corrupted (it then asks again in the redo phase).
   */
  default byte[] fileSum(int ndx, String name, byte[] sum) {
    return sum;
  }
}
