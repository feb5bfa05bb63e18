/**
 * Recursive HTTP(S) mirroring for mirrorkit, like {@code wget --mirror} but with deletions: the
 * {@code http} and {@code https} schemes, found by {@link java.util.ServiceLoader}. The transport
 * crawls directory index pages (nginx autoindex in HTML and JSON, Apache httpd mod_autoindex,
 * lighttpd dirlisting, or any plain page of links), confined to the start directory on the start
 * host, and fetches files over parallel keep-alive connections. See {@link
 * io.mirrorkit.transport.http.HttpOptions} for its settings.
 */
@NullMarked
package io.mirrorkit.transport.http;

import org.jspecify.annotations.NullMarked;
