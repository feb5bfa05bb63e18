package io.mirrorkit.store.s3;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The figure of issue 17, not a test: a tree of N files totalling B bytes (default 10,000 files, 1
 * GiB) mirrored from file:// into s3proxy (filesystem backend, through the counting proxy) and into
 * a local directory, new and rerun without change; prints wall time and the S3 requests by kind.
 * Run: {@code java -cp <store-s3 test class path> io.mirrorkit.store.s3.S3MirrorFigure [files]
 * [bytes] [workdir]}.
 */
public final class S3MirrorFigure {
  private S3MirrorFigure() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long bytes = args.length > 1 ? Long.parseLong(args[1]) : 1L << 30;
    Path work =
        Files.createTempDirectory(args.length > 2 ? Path.of(args[2]) : Path.of("/tmp"), "s3fig");
    Path upstream = Files.createDirectories(work.resolve("upstream"));
    Random random = new Random(17);
    long each = bytes / files;
    byte[] buf = new byte[(int) Math.min(each * 2, 1 << 24)];
    long total = 0;
    for (int i = 0; i < files; i++) {
      // sizes from 0 to 2x the mean, so some files go in parts when the mean is large
      int size = (int) Math.min(buf.length, (long) (random.nextDouble() * 2 * each));
      random.nextBytes(buf);
      Path f = upstream.resolve("d" + (i % 100) + "/f" + i + ".bin");
      Files.createDirectories(f.getParent());
      Files.write(f, java.util.Arrays.copyOf(buf, size));
      total += size;
    }
    System.out.printf("upstream: %d files, %d bytes (%.1f MiB)%n", files, total, total / 1048576.0);
    SyncOptions options = SyncOptions.builder().deletePolicy(DeletePolicy.AFTER).build();
    try (LocalS3 s3 = LocalS3.start(Files.createDirectories(work.resolve("s3")));
        FaultProxy proxy = FaultProxy.start(s3.port())) {
      s3.bucket("figure");
      boolean direct = args.length > 3 && args[3].equals("direct"); // no request counts
      S3Options s3Options = s3.options(direct ? s3.port() : proxy.port()).build();
      try (SyncEngine engine = SyncEngine.builder().store(new S3StoreProvider(s3Options)).build()) {
        SyncRequest request =
            SyncRequest.of(Repository.of(upstream), URI.create("s3://figure/pub/"), options);
        for (String run : List.of("new", "no-change rerun")) {
          proxy.clearRequests();
          long t0 = System.nanoTime();
          SyncReport r = engine.sync(request);
          double s = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              "s3   %-16s %7.1f s  files %6d  bytes %11d  requests %s%n",
              run, s, r.filesTransferred(), r.bytesTransferred(), byKind(proxy.requests()));
        }
      }
      if (args.length > 4 && args[4].equals("rclone")) {
        s3.bucket("rclone");
        for (String run : List.of("new", "no-change rerun")) {
          proxy.clearRequests();
          long t0 = System.nanoTime();
          rclone(upstream, proxy.port());
          double s = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              "rclone %-15s %7.1f s  requests %s%n", run, s, byKind(proxy.requests()));
        }
      }
    }
    try (SyncEngine engine = SyncEngine.builder().build()) {
      SyncRequest request = SyncRequest.of(Repository.of(upstream), work.resolve("local"), options);
      for (String run : List.of("new", "no-change rerun")) {
        long t0 = System.nanoTime();
        SyncReport r = engine.sync(request);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "local %-16s %7.1f s  files %6d  bytes %11d%n",
            run, s, r.filesTransferred(), r.bytesTransferred());
      }
    }
    System.out.println("work directory (delete it): " + work);
  }

  /**
   * {@code rclone sync} of the same tree into bucket "rclone" (4 transfers, as our parallelism).
   */
  private static void rclone(Path upstream, int port) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "rclone", "sync", upstream.toString(), "s3p:rclone/pub", "--transfers", "4")
            .inheritIO();
    Map<String, String> env = pb.environment();
    env.remove("AWS_CA_BUNDLE"); // rclone fails on it with a plain http:// endpoint
    env.put("RCLONE_CONFIG_S3P_TYPE", "s3");
    env.put("RCLONE_CONFIG_S3P_PROVIDER", "Other");
    env.put("RCLONE_CONFIG_S3P_ENDPOINT", "http://127.0.0.1:" + port);
    env.put("RCLONE_CONFIG_S3P_ACCESS_KEY_ID", LocalS3.ACCESS_KEY);
    env.put("RCLONE_CONFIG_S3P_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY);
    env.put("RCLONE_CONFIG_S3P_FORCE_PATH_STYLE", "true");
    env.put("RCLONE_CONFIG_S3P_REGION", "us-east-1");
    int code = pb.start().waitFor();
    if (code != 0) {
      throw new IllegalStateException("rclone exited with " + code);
    }
  }

  /** Requests by kind: method and, for the mirror's objects, list/put/part/head/get/delete. */
  private static Map<String, Integer> byKind(List<String> requests) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (String line : requests) {
      String[] p = line.split(" ");
      String target = p[1];
      String kind;
      if (target.contains("list-type=2")) {
        kind = "LIST";
      } else if (target.contains("/.mirrorkit/")) {
        kind = p[0] + "(own)";
      } else if (target.contains("partNumber=")) {
        kind = "PART";
      } else if (target.contains("uploads")) {
        kind = p[0] + "(multipart)";
      } else {
        kind = p[0];
      }
      kinds.merge(kind, 1, Integer::sum);
    }
    return kinds;
  }
}
