package io.mirrorkit.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of {@code mirrorkit}. Mixed into a command ({@code @Mixin ExitCodes}), it lists
 * them in the command's help.
 *
 * <ul>
 *   <li>0 success, also when the sync was skipped because the upstream did not change;
 *   <li>1 failure before anything was published: an I/O error, an upstream that cannot be reached
 *       or listed;
 *   <li>2 usage error: a bad command line or option value, an unsupported rsync option, a TARGET
 *       that is a file;
 *   <li>3 stopped by the delete guard before anything changed;
 *   <li>4 the target is locked by another sync;
 *   <li>5 partial transfer (rsync's 23): some files could not be fetched after all retries; the
 *       files that arrived were published (with --delay-updates: held back), nothing was deleted
 *       and the last good sync was not recorded, so the next run continues. Also: a repository
 *       format's metadata names files the upstream does not serve correctly, or its signature does
 *       not verify (the mirror keeps its previous metadata); {@code verify} found the mirror
 *       inconsistent.
 * </ul>
 */
@Command(
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success, also when the sync was skipped because the upstream did not change",
      "1:failure: an I/O error, an upstream that cannot be reached or listed",
      "2:usage error: a bad command line or option value, an unsupported rsync option, a"
          + " TARGET that is a file",
      "3:stopped by the delete guard before anything changed (--max-delete,"
          + " --max-delete-percent, an empty upstream)",
      "4:the target is locked by another sync",
      "5:partial transfer (like rsync's 23): some files could not be fetched; those that"
          + " arrived were published (held back with --delay-updates), nothing was deleted. With"
          + " --format: the upstream's metadata names files it does not serve correctly or its"
          + " signature does not verify; the mirror keeps its previous metadata. verify: the"
          + " mirror is not consistent"
    })
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int DELETE_LIMIT = 3;
  static final int LOCKED = 4;
  static final int PARTIAL = 5;

  /**
   * The exit code for a command that failed with {@code e}; -1 for a bug (not an expected error).
   */
  static int of(Exception e) {
    if (e instanceof ParameterException) {
      return USAGE;
    }
    return io.mirrorkit.service.MirrorResult.exitCode(e); // one mapping, shared with the service
  }
}
