package io.mirrorkit.examples.cli;

import picocli.CommandLine.Command;

/**
 * The exit codes of {@code mirrorkit}. Mixed into a command ({@code @Mixin ExitCodes}), it lists
 * them in the command's help.
 */
@Command(
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success, also when the sync was skipped because the upstream marker did not change",
      "1:failure: an I/O error, or files that could not be fetched after all retries",
      "2:usage error: a bad command line or option value",
      "3:stopped by the delete guard before anything changed (--max-delete,"
          + " --max-delete-percent, an empty upstream)",
      "4:the target is locked by another sync"
    })
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int DELETE_LIMIT = 3;
  static final int LOCKED = 4;
}
