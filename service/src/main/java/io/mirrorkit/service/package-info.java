/**
 * The mirrorkit service: many mirrors from one TOML config ({@link
 * io.mirrorkit.service.MirrorConfig}), run once ({@link io.mirrorkit.service.MirrorRunner}) or
 * resident ({@link io.mirrorkit.service.MirrorService}) with schedules, markers, stages, traces,
 * triggers, hooks and a control API.
 */
@NullMarked
package io.mirrorkit.service;

import org.jspecify.annotations.NullMarked;
