package io.mirrorkit.transport.git.internal;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * One ref update of a plan.
 *
 * @param name the ref name
 * @param oldId the local value, {@link ObjectId#zeroId()} for a new ref
 * @param newId the upstream value, {@link ObjectId#zeroId()} for a pruned ref
 * @param kind what the update is, as far as it is known before the fetch
 */
record RefChange(String name, ObjectId oldId, ObjectId newId, Kind kind) {
  /** What a ref update is. */
  enum Kind {
    CREATE(">r+++++++++", "created"),
    FAST_FORWARD(">r.fastfwd.", "fast-forward"),
    FORCED(">r.forced..", "forced"),
    /** Moved, but whether it fast-forwards is only known once the new objects are here. */
    UPDATE(">r.update..", "updated"),
    DELETE("*deleting  ", "deleted");

    final String code;
    final String outcome;

    Kind(String code, String outcome) {
      this.code = code;
      this.outcome = outcome;
    }

    static Kind ofCode(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return k;
        }
      }
      throw new IllegalArgumentException("not a git plan change code: \"" + code + "\"");
    }
  }

  ReceiveCommand.Type commandType() {
    switch (kind) {
      case CREATE:
        return ReceiveCommand.Type.CREATE;
      case DELETE:
        return ReceiveCommand.Type.DELETE;
      case FAST_FORWARD:
        return ReceiveCommand.Type.UPDATE;
      default:
        return ReceiveCommand.Type.UPDATE_NONFASTFORWARD;
    }
  }
}
