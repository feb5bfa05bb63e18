/**
 * FTP mirroring for mirrorkit on Apache Commons Net: {@code
 * ftp://[user[:password]@]host[:port]/path/} listed with {@code MLSD} where the server has it and
 * {@code LIST} (Unix and Windows formats, with {@code MDTM} for exact times) where not, fetched
 * over several control connections in parallel, in binary mode, with {@code REST} resume of a file
 * whose data connection broke. Found by {@link java.util.ServiceLoader} for the {@code ftp} scheme.
 * See {@link io.mirrorkit.transport.ftp.FtpOptions} for its settings.
 */
@NullMarked
package io.mirrorkit.transport.ftp;

import org.jspecify.annotations.NullMarked;
