/**
 * Freshness checks of a mirror network and the mirrorlists made from them: {@link
 * io.mirrorkit.service.check.MirrorChecker} reads each mirror's evidence (ftpsync traces, Arch
 * {@code lastsync}/{@code lastupdate}, IUS {@code CURRENT}, RPM {@code repomd.xml}) over http,
 * https, ftp or rsync with bounded reads, and {@link io.mirrorkit.service.check.Mirrorlist} writes
 * pacman, plain or JSON lists of the fresh ones.
 */
@NullMarked
package io.mirrorkit.service.check;

import org.jspecify.annotations.NullMarked;
