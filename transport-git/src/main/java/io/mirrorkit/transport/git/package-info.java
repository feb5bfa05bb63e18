/**
 * git mirrors for mirrorkit on Eclipse JGit: {@link io.mirrorkit.transport.git.GitSyncEngine} keeps
 * a bare repository equal to an upstream's refs ({@code +refs/*:refs/*}, pruned), like {@code git
 * clone --mirror} followed by {@code git remote update --prune}, with no git binary. Its settings
 * are the keys of {@link io.mirrorkit.transport.git.GitOptions}.
 */
@NullMarked
package io.mirrorkit.transport.git;

import org.jspecify.annotations.NullMarked;
