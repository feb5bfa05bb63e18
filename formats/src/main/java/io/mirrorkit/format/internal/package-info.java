/** What the formats share: decompression, checked reads of index files, OpenPGP signatures. */
@NullMarked
package io.mirrorkit.format.internal;

import org.jspecify.annotations.NullMarked;
