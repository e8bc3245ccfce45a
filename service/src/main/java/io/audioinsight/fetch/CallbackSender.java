package io.audioinsight.fetch;

import io.audioinsight.api.Problems;
import io.audioinsight.config.FetchConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a finished job to its {@code callback_url}: the body is the job as {@code GET /v1/jobs/{id}} shows it, signed
 * with HMAC-SHA256 under {@code jobs.callback_secret} in {@value #SIGNATURE} ({@code sha256=<hex>} of the exact
 * body bytes). A delivery that does not get a 2xx within {@link #ATTEMPT_TIMEOUT_MS} is tried again after
 * {@code jobs.callback_backoff_ms}, doubled each time, {@link #ATTEMPTS} attempts in all. Each attempt checks the
 * address again under the SSRF rules (DNS may have changed) and follows no redirect.
 */
public final class CallbackSender {

  public static final String CALLBACK_URL = "callback_url";
  public static final String SIGNATURE = "X-Audio-Insight-Signature";
  public static final int ATTEMPTS = 5;
  static final long ATTEMPT_TIMEOUT_MS = 10_000;
  private static final System.Logger LOG = System.getLogger(CallbackSender.class.getName());

  private final Vertx vertx;
  private final FetchConfig config;
  private final HttpClient client;
  private final Consumer<String> failures;

  public CallbackSender(Vertx vertx, FetchConfig config, Consumer<String> failures) {
    this.vertx = vertx;
    this.config = config;
    this.failures = failures;
    this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true));
  }

  /**
   * Checks a {@code callback_url} given with a new job: a secret is configured, and the URL passes the SSRF rules now.
   * Fails with a 400 problem naming the rule or the setting.
   */
  public Future<String> validate(String url) {
    if (config.callbackSecret().isEmpty()) {
      return Future.failedFuture(Problems.badParameter(CALLBACK_URL, "callback_url needs a signing secret, and "
          + "jobs.callback_secret is not set").toException());
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Future.failedFuture(Problems.badParameter(CALLBACK_URL, "callback_url is not a valid URL").toException());
    }
    return SafeTarget.check(vertx, uri, CALLBACK_URL, config.allowPrivateNetworks()).map(t -> url)
        .recover(t -> Future.failedFuture(t instanceof FetchException f ? f.toProblem() : t));
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String signature(String secret, Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Delivers {@code body} to {@code url}, retrying; completes with true once delivered, false once given up. */
  public Future<Boolean> deliver(String url, String jobId, Buffer body) {
    Promise<Boolean> done = Promise.promise();
    attempt(url, jobId, body, 1, done);
    return done.future();
  }

  private void attempt(String url, String jobId, Buffer body, int n, Promise<Boolean> done) {
    String signature = signature(config.callbackSecret(), body);
    Future<SafeTarget> target;
    try {
      target = SafeTarget.check(vertx, new URI(url), CALLBACK_URL, config.allowPrivateNetworks());
    } catch (URISyntaxException e) {
      target = Future.failedFuture(e);
    }
    target.compose(t -> {
      String path = t.uri().getRawPath() == null || t.uri().getRawPath().isEmpty() ? "/" : t.uri().getRawPath();
      return client.request(new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setServer(SocketAddress.inetSocketAddress(t.port(), t.address().getHostAddress()))
          .setHost(t.host())
          .setPort(t.port())
          .setSsl(t.https())
          .setURI(t.uri().getRawQuery() == null ? path : path + "?" + t.uri().getRawQuery())
          .setFollowRedirects(false)
          .setTimeout(ATTEMPT_TIMEOUT_MS)
          .putHeader("Content-Type", "application/json")
          .putHeader(SIGNATURE, signature)
          .putHeader("X-Audio-Insight-Job", jobId));
    }).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result() / 100 == 2) {
            done.complete(true);
            return;
          }
          failures.accept(ar.failed() && ar.cause() instanceof FetchException f ? "callback_" + f.reason()
              : ar.failed() ? "callback_connect" : "callback_status");
          if (n >= ATTEMPTS) {
            LOG.log(Level.WARNING, "jobs: gave up the callback of job " + jobId + " after " + ATTEMPTS + " attempts");
            done.complete(false);
          } else {
            long delay = config.callbackBackoffMs() << (n - 1);
            vertx.setTimer(delay, id -> attempt(url, jobId, body, n + 1, done));
          }
        });
  }

  public Future<Void> close() {
    return client.close();
  }
}
