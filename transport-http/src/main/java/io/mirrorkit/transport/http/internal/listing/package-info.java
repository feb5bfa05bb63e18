/** Parsers of directory index pages (nginx, Apache httpd, lighttpd, plain HTML); not API. */
@NullMarked
package io.mirrorkit.transport.http.internal.listing;

import org.jspecify.annotations.NullMarked;
