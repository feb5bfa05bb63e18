/**
 * The matching engine behind {@link io.mirrorkit.FilterRules}: rsync wildcard patterns compiled to
 * {@link java.util.regex.Pattern}s, and wget-style accept/reject lists. Not API.
 */
@NullMarked
package io.mirrorkit.internal.filter;

import org.jspecify.annotations.NullMarked;
