/**
 * H-Sphere's package trees: {@link io.mirrorkit.format.hsphere.PackageListFormat} ({@code pkglist}:
 * the packages that {@code pkglist}, {@code sspkglist}, {@code subpkglist} and {@code pkglist.priv}
 * name) and {@link io.mirrorkit.format.hsphere.PkgXmlFormat} ({@code pkgxml}: the RPMs and tarballs
 * a custom package's {@code _pkg.xml} descriptor names).
 */
@NullMarked
package io.mirrorkit.format.hsphere;

import org.jspecify.annotations.NullMarked;
