package io.mirrorkit.service;

/**
 * Why a run starts, and what an upstream's push asked for with it: the trace's {@code Trigger:}
 * word and ftpsync's push flags. The flags decide what the run passes on down its own tier, as
 * ftpsync hands a push on to runmirrors:
 *
 * <ul>
 *   <li>an own run ({@link #own}: cron, the schedule, an API trigger without a stage): every
 *       downstream, as Debian's master runs runmirrors ({@code mhop} downstreams get {@code
 *       sync:mhop} with both stages);
 *   <li>a pushed {@code sync:all}: every downstream, {@code mhop} ones as {@code staged}
 *       (runmirrors {@code -k all});
 *   <li>a pushed stage 1 with {@code sync:mhop}: only the {@code staged} and {@code mhop}
 *       downstreams get stage 1, and the run answers once they all finished it or {@code
 *       push_delay} ran out (runmirrors {@code -k mhop}); a pushed stage 1 without {@code mhop}
 *       pushes nothing;
 *   <li>a pushed stage 2: {@code staged} and {@code mhop} downstreams get stage 2, {@code all} ones
 *       {@code sync:all} (runmirrors {@code -k stage2}).
 * </ul>
 *
 * <p>With {@link #callback}, a successful run calls its upstream back ({@code callback:HOSTNAME}
 * over ssh to the mirror's {@code [mirrors.NAME.callback]}) before it pushes its own tier.
 *
 * @param name what the trace's {@code Trigger:} says ({@code cron}, {@code api}, {@code ssh push},
 *     ...)
 * @param pushed whether an upstream pushed this run with an explicit stage
 * @param mhop whether the push carried {@code sync:mhop}
 * @param callback whether the push carried {@code sync:callback}
 */
public record Trigger(String name, boolean pushed, boolean mhop, boolean callback) {

  /** A run of the mirror's own: schedule, cron, an API trigger without a stage. */
  public static Trigger own(String name) {
    return new Trigger(name, false, false, false);
  }

  /** A push from an upstream. */
  public static Trigger push(String name, boolean mhop, boolean callback) {
    return new Trigger(name, true, mhop, callback);
  }

  /** This trigger and {@code later} coalesced into one run: the later name, either's flags. */
  Trigger merge(Trigger later) {
    return new Trigger(
        later.name, pushed || later.pushed, mhop || later.mhop, callback || later.callback);
  }
}
