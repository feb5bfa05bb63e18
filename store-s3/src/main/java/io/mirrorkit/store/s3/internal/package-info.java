/** The S3 store's parts; not API. */
@NullMarked
package io.mirrorkit.store.s3.internal;

import org.jspecify.annotations.NullMarked;
