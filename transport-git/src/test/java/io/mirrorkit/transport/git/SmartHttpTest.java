package io.mirrorkit.transport.git;

import static io.mirrorkit.transport.git.GitFixture.fsck;
import static io.mirrorkit.transport.git.GitFixture.refs;
import static io.mirrorkit.transport.git.GitFixture.refsWithoutPulls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncRequest;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.junit.http.AppServer;
import org.eclipse.jgit.transport.resolver.FileResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smart HTTP ({@code git+http://}) against JGit's in-JVM git servlet, with and without auth. */
class SmartHttpTest {
  @TempDir Path tmp;
  GitFixture up;
  AppServer server;
  final GitSyncEngine engine = GitSyncEngine.create();

  @BeforeEach
  void setUp() throws Exception {
    up = new GitFixture(tmp.resolve("up"));
    up.standardHistory();
    server = new AppServer();
    for (String context : new String[] {"/open", "/private"}) {
      ServletContextHandler ctx = server.addContext(context);
      GitServlet servlet = new GitServlet();
      servlet.setRepositoryResolver(new FileResolver<>(up.upstream.getParent().toFile(), true));
      ctx.addServlet(new ServletHolder(servlet), "/*");
      if (context.equals("/private")) {
        server.authBasic(ctx);
      }
    }
    server.setUp();
  }

  @AfterEach
  void tearDown() throws Exception {
    server.tearDown();
  }

  private String uri(String context) {
    return "git+http://127.0.0.1:" + server.getPort() + context + "/up.git";
  }

  @Test
  void mirrorsOverSmartHttp() throws IOException {
    Path target = tmp.resolve("mirror.git");
    engine.sync(SyncRequest.of(Repository.of(uri("/open")), target));
    up.moveUpstream();
    engine.sync(SyncRequest.of(Repository.of(uri("/open")), target));
    assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
    assertThat(fsck(target).exitCode()).isZero();
  }

  @Test
  void sendsCredentialsAndNeverShowsThePassword() throws IOException {
    Path target = tmp.resolve("private.git");
    Repository wrong =
        Repository.of(uri("/private")).withCredentials(new Credentials("agitter", "s3cr3t-wrong"));
    assertThatThrownBy(() -> engine.sync(SyncRequest.of(wrong, target)))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cr3t-wrong"));

    Repository right =
        Repository.of(uri("/private"))
            .withCredentials(new Credentials(AppServer.username, AppServer.password));
    engine.sync(SyncRequest.of(right, target));
    assertThat(refs(target)).isEqualTo(refsWithoutPulls(up.upstream));
  }
}
