package io.mirrorkit.internal.local;

import com.google.common.util.concurrent.RateLimiter;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.internal.ReportCollector;
import org.jspecify.annotations.Nullable;

/** The parts of a {@link LocalMirror} that an {@link IncomingFile} works with. */
record MirrorParts(
    SyncOptions options,
    ReportCollector report,
    SafePaths paths,
    WorkArea work,
    AttributeWriter attributes,
    Publisher publisher,
    ValidatorStore validators,
    FetchLedger ledger,
    DiskFailures disk,
    @Nullable RateLimiter limiter) {}
