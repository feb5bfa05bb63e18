package io.mirrorkit.transport.rsync.internal.flist;

/**
 * What a file list says about owners: the client's {@code -o}/{@code -g} put each entry's uid/gid
 * on the wire, and unless {@code --numeric-ids} the sender follows the list with the names of those
 * ids (uidlist.c send_id_lists).
 *
 * @param uids {@code -o}: each entry carries a uid
 * @param gids {@code -g}: each entry carries a gid
 * @param names the id-to-name lists follow the file list (no {@code --numeric-ids})
 * @param idZeroNames compat flag {@code ID0_NAMES} (letter {@code u}): each list ends with the name
 *     of id 0 instead of a bare 0
 */
public record Ids(boolean uids, boolean gids, boolean names, boolean idZeroNames) {
  /** No owners on the wire. */
  public static final Ids NONE = new Ids(false, false, false, false);
}
