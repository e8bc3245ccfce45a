package io.audioinsight.fetch;

import io.audioinsight.api.Problem;
import io.audioinsight.config.FetchConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Downloads {@code audio_url}: non-blocking, streaming into a {@link WriteStream} (the job's spool file, or memory
 * for a synchronous request) with a size limit, a time limit ({@code fetch.timeout_ms}, redirects included) and at
 * most {@link #MAX_REDIRECTS} redirects. Every hop goes through {@link SafeTarget}: only http and https, and only
 * public addresses after DNS resolution unless {@code fetch.allow_private_networks}. The connection is made to the
 * address that was checked, with the URL's host as Host header and TLS server name.
 *
 * <p>Uses Vert.x's core HTTP client rather than the web client: the download is streamed chunk by chunk into the
 * caller's stream under a byte limit, and each redirect is followed by hand so it can be checked, which the core
 * client's request and response streams express directly.
 */
public final class UrlFetcher {

  public static final String AUDIO_URL = "audio_url";
  public static final int MAX_REDIRECTS = 3;
  /** The reason of a download stopped by its caller ({@code abort}), not a failure of the URL. */
  public static final String ABORTED = "aborted";

  private final Vertx vertx;
  private final FetchConfig config;
  private final HttpClient client;
  private final Consumer<String> failures;

  /** {@code failures} hears the reason of every failed fetch (a metric label). */
  public UrlFetcher(Vertx vertx, FetchConfig config, Consumer<String> failures) {
    this.vertx = vertx;
    this.config = config;
    this.failures = failures;
    this.client = vertx.createHttpClient(new HttpClientOptions().setForceSni(true).setMaxRedirects(0));
  }

  public FetchConfig config() {
    return config;
  }

  /**
   * Streams the body of {@code url} into {@code out}, at most {@code maxBytes} (the setting {@code maxSetting}
   * governs it); {@code reserve} is asked for each chunk's bytes first and may refuse with {@code refusal}.
   * Completes with the byte count once the body has ended; {@code out} is not ended or closed here.
   */
  public Future<Long> fetch(String url, long maxBytes, String maxSetting, WriteStream<Buffer> out,
                            LongPredicate reserve, Problem refusal) {
    return fetch(url, maxBytes, maxSetting, out, reserve, refusal, null);
  }

  /**
   * As {@link #fetch(String, long, String, WriteStream, LongPredicate, Problem)}, stopped when {@code abort}
   * completes (a job cancelled during its download): the connection is closed at once and the download fails with
   * {@link #ABORTED}, which is not counted as a fetch failure.
   */
  public Future<Long> fetch(String url, long maxBytes, String maxSetting, WriteStream<Buffer> out,
                            LongPredicate reserve, Problem refusal, Future<Void> abort) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return failed(SafeTarget.refused(AUDIO_URL, "invalid_url", "audio_url is not a valid URL"));
    }
    Download d = new Download(out, maxBytes, maxSetting, reserve, refusal);
    d.timer = vertx.setTimer(config.timeoutMs(), id -> d.fail(new FetchException("timeout", Problem.of(400,
        "fetch-failed", "Fetch failed", "downloading audio_url took longer than " + config.timeoutMs()
            + " ms (fetch.timeout_ms)").withParameter(AUDIO_URL))));
    if (abort != null) {
      abort.onComplete(v -> d.fail(new FetchException(ABORTED, Problem.of(409, "fetch-aborted", "Fetch aborted",
          "the download of audio_url was stopped (its job was cancelled)").withParameter(AUDIO_URL))));
    }
    d.hop(uri, 0);
    return d.done.future()
        .onFailure(t -> {
          String reason = t instanceof FetchException f ? f.reason() : "error";
          if (!reason.equals(ABORTED)) {
            failures.accept(reason);
          }
        })
        .recover(t -> Future.failedFuture(t instanceof FetchException f ? f.toProblem() : t));
  }

  /**
   * The SSRF rules on the URL itself (scheme, host, DNS, address), without downloading: a job checks its
   * {@code audio_url} this far before its 202, so a refused URL is still a 400 at submission; the redirects, the
   * status, the size and the time are met during the download, which runs after the 202.
   */
  public Future<Void> checkFirstHop(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return failed(SafeTarget.refused(AUDIO_URL, "invalid_url", "audio_url is not a valid URL")).mapEmpty();
    }
    return SafeTarget.check(vertx, uri, AUDIO_URL, config.allowPrivateNetworks()).<Void>mapEmpty()
        .onFailure(t -> failures.accept(t instanceof FetchException f ? f.reason() : "error"))
        .recover(t -> Future.failedFuture(t instanceof FetchException f ? f.toProblem() : t));
  }

  private Future<Long> failed(FetchException e) {
    failures.accept(e.reason());
    return Future.failedFuture(e.toProblem());
  }

  public Future<Void> close() {
    return client.close();
  }

  /** One download through its redirects. */
  private final class Download {

    final WriteStream<Buffer> out;
    final long maxBytes;
    final String maxSetting;
    final LongPredicate reserve;
    final Problem refusal;
    final Promise<Long> done = Promise.promise();
    long timer;
    HttpClientRequest request;
    long received;

    Download(WriteStream<Buffer> out, long maxBytes, String maxSetting, LongPredicate reserve, Problem refusal) {
      this.out = out;
      this.maxBytes = maxBytes;
      this.maxSetting = maxSetting;
      this.reserve = reserve;
      this.refusal = refusal;
    }

    void hop(URI uri, int redirects) {
      SafeTarget.check(vertx, uri, AUDIO_URL, config.allowPrivateNetworks())
          .compose(target -> {
            if (done.future().isComplete()) {
              return Future.failedFuture("done");
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                .setFollowRedirects(false);
            return client.request(options);
          })
          .compose(req -> {
            request = req;
            if (done.future().isComplete()) { // aborted or timed out while connecting
              req.reset();
              return Future.failedFuture("done");
            }
            return req.send();
          })
          .onSuccess(resp -> {
            if (done.future().isComplete()) {
              resp.request().reset();
            } else {
              onResponse(uri, resp, redirects);
            }
          })
          .onFailure(this::fail);
    }

    void onResponse(URI uri, HttpClientResponse resp, int redirects) {
      int status = resp.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        String location = resp.getHeader("Location");
        resp.request().reset();
        if (location == null) {
          fail(failure("status", "audio_url answered HTTP " + status + " without a Location"));
        } else if (redirects >= MAX_REDIRECTS) {
          fail(failure("redirects", "audio_url redirected more than " + MAX_REDIRECTS + " times"));
        } else {
          try {
            hop(uri.resolve(location.trim()), redirects + 1);
          } catch (IllegalArgumentException e) {
            fail(failure("invalid_url", "audio_url redirected to an invalid URL"));
          }
        }
        return;
      }
      if (status < 200 || status > 299) {
        fail(failure("status", "audio_url answered HTTP " + status)); // fail() resets the request
        return;
      }
      String length = resp.getHeader("Content-Length");
      if (length != null && parse(length) > maxBytes) {
        fail(tooBig());
        return;
      }
      resp.exceptionHandler(this::fail);
      resp.handler(chunk -> {
        if (done.future().isComplete()) {
          return;
        }
        received += chunk.length();
        if (received > maxBytes) {
          fail(tooBig());
          return;
        }
        if (!reserve.test(chunk.length())) {
          fail(new FetchException("spool_full", refusal));
          return;
        }
        out.write(chunk);
        if (out.writeQueueFull()) {
          resp.pause();
          out.drainHandler(v -> resp.resume());
        }
      });
      resp.endHandler(v -> {
        vertx.cancelTimer(timer);
        done.tryComplete(received);
      });
    }

    FetchException tooBig() {
      return new FetchException("too_big", Problem.of(413, "body-too-large", "Audio too large",
          "audio_url holds more than " + maxBytes + " bytes (" + maxSetting + ")").withParameter(AUDIO_URL));
    }

    FetchException failure(String reason, String detail) {
      return new FetchException(reason, Problem.of(400, "fetch-failed", "Fetch failed", detail)
          .withParameter(AUDIO_URL));
    }

    void fail(Throwable t) {
      FetchException f = t instanceof FetchException e ? e
          : failure("connect", "downloading audio_url failed: " + t.getClass().getSimpleName()
              + (t.getMessage() == null ? "" : " (" + SafeTarget.shorten(t.getMessage()) + ")"));
      if (done.tryFail(f)) {
        vertx.cancelTimer(timer);
        if (request != null) {
          request.reset();
        }
      }
    }

    private long parse(String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
