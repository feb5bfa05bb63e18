/**
 * The RPM (yum/dnf) repository format, {@code rpm}: {@code repodata/repomd.xml}, the data files it
 * names, and the packages its {@code primary} file names.
 */
@NullMarked
package io.mirrorkit.format.rpm;

import org.jspecify.annotations.NullMarked;
