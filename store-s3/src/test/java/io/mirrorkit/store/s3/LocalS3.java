package io.mirrorkit.store.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3 implementation on loopback: s3proxy embedded with its jclouds filesystem backend over a
 * temporary directory, so that the objects of bucket {@code b} are the files under {@code root/b/}
 * and can be compared with an upstream tree. Ephemeral port; closed after the tests.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "mirrorkit-access";
  public static final String SECRET_KEY = "mirrorkit-secret-key";

  private final Path root;
  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private boolean defaultChain;

  private LocalS3(Path root, BlobStoreContext context, S3Proxy proxy) {
    this.root = root;
    this.context = context;
    this.proxy = proxy;
  }

  public static LocalS3 start(Path root) throws Exception {
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", root.toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .credentials("identity", "credential")
            .overrides(p)
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    for (int i = 0; i < 10_000 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.onSpinWait();
      Thread.sleep(1);
    }
    return new LocalS3(root, context, proxy);
  }

  /**
   * Starts one and makes its keys the ones the SDK's default credentials chain finds (the {@code
   * aws.accessKeyId} and {@code aws.secretAccessKey} system properties) until {@link #close()}: for
   * tests of code that takes credentials the way users give them, the CLI and the service.
   */
  public static LocalS3 startForDefaultChain(Path root) throws Exception {
    LocalS3 s3 = start(root);
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    s3.defaultChain = true;
    return s3;
  }

  public int port() {
    return proxy.getPort();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Creates a bucket (a directory of the filesystem backend) and returns its directory. */
  public Path bucket(String name) throws Exception {
    return Files.createDirectories(root.resolve(name));
  }

  public Path root() {
    return root;
  }

  /** Options for this service (or a proxy in front of it on {@code port}). */
  public S3Options.Builder options(int port) {
    return S3Options.builder()
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .region("us-east-1")
        .pathStyle(true)
        .checksumWhenRequired(true)
        .credentials(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  public S3Options.Builder options() {
    return options(port());
  }

  @Override
  public void close() throws Exception {
    if (defaultChain) {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
    proxy.stop();
    context.close();
  }
}
