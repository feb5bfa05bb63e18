/** The FTP transport's implementation: not API, may change in any release. */
@NullMarked
package io.mirrorkit.transport.ftp.internal;

import org.jspecify.annotations.NullMarked;
