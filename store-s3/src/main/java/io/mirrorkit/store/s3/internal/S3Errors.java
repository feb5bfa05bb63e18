package io.mirrorkit.store.s3.internal;

import io.mirrorkit.AuthenticationException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3's answers as mirrorkit's errors: what happened, to which object, and what to do. Never the
 * credentials (the SDK's messages carry none; the access key id is not repeated either).
 */
final class S3Errors {
  private S3Errors() {}

  /** Runs one S3 call that may fail with an SDK exception. */
  interface Call<T> {
    T run();
  }

  static <T> T call(S3Location where, String what, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (SdkException e) {
      throw explain(where, what, e);
    }
  }

  static IOException explain(S3Location where, String what, SdkException e) {
    String at = what + " in " + where;
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if ("NoSuchBucket".equals(code)) {
        return new IOException(
            at
                + " failed: the bucket "
                + where.bucket()
                + " does not exist. Create it first,"
                + " or check the bucket name, the endpoint and --s3-path-style",
            e);
      }
      if ("InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)
          || "ExpiredToken".equals(code)
          || "InvalidToken".equals(code)) {
        return new AuthenticationException(
            at
                + " failed: the service does not accept the credentials ("
                + code
                + "). Check"
                + " AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile, and the region");
      }
      if (status == 403) {
        return new AuthenticationException(
            at
                + " was denied ("
                + code
                + "): the credentials may not do this. Grant"
                + " s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on the bucket");
      }
      if (status == 503 || "SlowDown".equals(code)) {
        return new IOException(
            at
                + " was throttled ("
                + code
                + ") after every retry with backoff; sync again later"
                + " or with less --parallel",
            e);
      }
      return new IOException(
          at
              + " failed: HTTP "
              + status
              + (code == null ? "" : " " + code)
              + ": "
              + (s3.awsErrorDetails() == null
                  ? s3.getMessage()
                  : s3.awsErrorDetails().errorMessage()),
          e);
    }
    if (e instanceof SdkClientException) {
      return new IOException(at + " failed: " + e.getMessage() + " (is the endpoint right?)", e);
    }
    return new IOException(at + " failed: " + e.getMessage(), e);
  }
}
