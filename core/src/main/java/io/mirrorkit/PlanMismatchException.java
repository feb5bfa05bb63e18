package io.mirrorkit;

import java.io.IOException;

/**
 * {@link SyncEngine#execute(SyncPlan)} refused an approved plan because the upstream listing (or
 * the target) no longer matches the one the plan was made from. Make a new plan and review it.
 */
public class PlanMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public PlanMismatchException(String message) {
    super(message);
  }
}
