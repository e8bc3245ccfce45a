package io.audioinsight.cluster;

import static io.audioinsight.cluster.TestCluster.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.support.HeldClients;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAudio;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three clustered nodes in one JVM (pool of one thread, queue of one job each), all traffic sent to node A: work
 * goes to a node with a free thread once A's is taken, 503 comes only when every node is full, and deadlines and
 * client cancellation hold on the node that runs the forwarded request.
 */
@ExtendWith(VertxExtension.class)
class ClusterRoutingTest {

  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void settle() throws Exception {
    HeldClients.release();
    cluster.settle();
  }

  @Test
  void aRequestToANodeWhosePoolIsBusyRunsOnAnotherNodeAndAnswers200(Vertx vertx, VertxTestContext tc) {
    cluster.holdAll();
    double forwardedBefore = counter(0, "audio_cluster_forwarded_total");
    Future<HttpResponse<Buffer>> first = analyse(vertx, 0);
    until(vertx, () -> cluster.engines.get(0).running() == 1)
        .compose(v -> {
          Future<HttpResponse<Buffer>> second = analyse(vertx, 0);
          return until(vertx, () -> cluster.running() == 2).map(second);
        })
        .compose(second -> {
          boolean ranElsewhere = cluster.engines.get(1).running() + cluster.engines.get(2).running() == 1;
          int waitingOnA = cluster.node(0).inference().admission().waitingJobs();
          cluster.releaseAll();
          return Future.all(first, second).map(all -> {
            tc.verify(() -> {
              assertThat(ranElsewhere).as("the second request runs on B or C, not in A's queue").isTrue();
              assertThat(waitingOnA).isZero();
              assertThat(first.result().statusCode()).isEqualTo(200);
              assertThat(second.result().statusCode()).isEqualTo(200);
              assertThat(second.result().bodyAsJsonObject().getDouble("duration_s")).isEqualTo(1.0);
              assertThat(counter(0, "audio_cluster_forwarded_total") - forwardedBefore).isEqualTo(1.0);
            });
            return all;
          });
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aForwardGoesToTheNodeWithAFreeThreadNotToOneThatIsBusy(Vertx vertx, VertxTestContext tc) {
    cluster.holdAll();
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    answers.add(analyse(vertx, 1)); // B is busy
    until(vertx, () -> cluster.engines.get(1).running() == 1 && cluster.sees(0, 1, c -> c.runningJobs() == 1))
        .compose(v -> {
          answers.add(analyse(vertx, 0)); // runs on A
          return until(vertx, () -> cluster.engines.get(0).running() == 1);
        })
        .compose(v -> {
          answers.add(analyse(vertx, 0)); // A is busy: C is the only free thread
          return until(vertx, () -> cluster.engines.get(2).running() == 1);
        })
        .compose(v -> {
          int waitingOnB = cluster.node(1).inference().admission().waitingJobs();
          cluster.releaseAll();
          return Future.all(answers).map(all -> {
            tc.verify(() -> {
              assertThat(waitingOnB).as("nothing was queued behind B's busy thread").isZero();
              assertThat(answers).allMatch(a -> a.result().statusCode() == 200);
            });
            return all;
          });
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void whenEveryNodeIsFullTheClientGets503WithTheClusterRetryAfter(Vertx vertx, VertxTestContext tc) {
    cluster.holdAll();
    List<Future<HttpResponse<Buffer>>> admitted = new ArrayList<>();
    // 3 nodes x (1 running + 1 waiting): six requests fit, all sent to A one after the other.
    Future<Void> filled = Future.succeededFuture();
    for (int i = 1; i <= 6; i++) {
      int placed = i;
      filled = filled.compose(v -> {
        admitted.add(analyse(vertx, 0));
        return until(vertx, () -> placedJobs() == placed);
      });
    }
    filled
        .compose(v -> until(vertx, () -> cluster.sees(0, 1, c -> c.waitingJobs() == 1)
            && cluster.sees(0, 2, c -> c.waitingJobs() == 1)))
        .compose(v -> analyse(vertx, 0))
        .compose(refused -> {
          int running = cluster.running();
          cluster.releaseAll();
          return Future.all(admitted).map(all -> {
            tc.verify(() -> {
              assertThat(running).isEqualTo(3);
              assertThat(refused.statusCode()).isEqualTo(503);
              assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
              assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
              assertThat(refused.bodyAsJsonObject().getString("detail")).contains("all 3 cluster nodes are full");
              assertThat(admitted).allMatch(a -> a.result().statusCode() == 200);
            });
            return all;
          });
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aForwardedRequestPastItsDeadlineGets504AndIsStoppedOnTheRemoteNode(Vertx vertx, VertxTestContext tc) {
    cluster.holdAll();
    int cancelledBefore = cluster.engines.get(1).cancellationsObserved() + cluster.engines.get(2).cancellationsObserved();
    Future<HttpResponse<Buffer>> first = analyse(vertx, 0);
    until(vertx, () -> cluster.engines.get(0).running() == 1)
        .compose(v -> {
          Future<HttpResponse<Buffer>> late = analyse(vertx, 0, "timeout_ms", "1500");
          return until(vertx, () -> cluster.running() == 2).map(late);
        })
        .compose(late -> late)
        .compose(late -> until(vertx, () -> cluster.engines.get(1).cancellationsObserved()
            + cluster.engines.get(2).cancellationsObserved() == cancelledBefore + 1).map(late))
        .onComplete(tc.succeeding(late -> tc.verify(() -> {
          cluster.releaseAll();
          assertThat(late.statusCode()).isEqualTo(504);
          assertThat(late.bodyAsJsonObject().getString("detail")).contains("1500 ms");
          assertThat(first.isComplete()).as("A's own job is still held").isFalse();
          tc.completeNow();
        })));
  }

  @Test
  void aClientThatLeavesHasItsForwardedRequestStoppedOnTheRemoteNode(Vertx vertx, VertxTestContext tc) {
    cluster.holdAll();
    double cancelledBefore = counterOnAll("audio_requests_cancelled_total", "reason=\"client_gone\"");
    int stoppedBefore = cluster.engines.get(1).cancellationsObserved() + cluster.engines.get(2).cancellationsObserved();
    Future<HttpResponse<Buffer>> first = analyse(vertx, 0);
    until(vertx, () -> cluster.engines.get(0).running() == 1)
        .compose(v -> rawPost(vertx, 0, TestAudio.speechWav(1)))
        .compose(socket -> until(vertx, () -> cluster.running() == 2).compose(v -> socket.close()))
        .compose(v -> until(vertx, () -> cluster.engines.get(1).cancellationsObserved()
            + cluster.engines.get(2).cancellationsObserved() == stoppedBefore + 1))
        .compose(v -> until(vertx, () -> cluster.running() == 1))
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          assertThat(first.isComplete()).as("A's own job is untouched").isFalse();
          assertThat(counterOnAll("audio_requests_cancelled_total", "reason=\"client_gone\"") - cancelledBefore)
              .as("counted on the origin and on the node that ran it").isEqualTo(2.0);
          tc.completeNow();
        })));
  }

  @Test
  void aSiblingsEventBusRequestIsTakenByItsOwnNodeNotSentRoundRobinToAnother(Vertx vertx, VertxTestContext tc) {
    Future<Object> reply = Future.succeededFuture();
    for (int i = 0; i < 3; i++) {
      // one at a time, each answered before the next: each finds node A's thread free, so each must run on A
      reply = reply.compose(v -> {
        cluster.holdAll();
        Future<Object> r = cluster.node(0).vertx().eventBus()
            .request("audio.analyze", Buffer.buffer(TestAudio.speechWav(1))).map(m -> m.body());
        return until(vertx, () -> cluster.running() == 1).compose(x -> {
          int onA = cluster.engines.get(0).running();
          cluster.releaseAll();
          return onA == 1 ? r : Future.failedFuture(new AssertionError("the bus request ran on another node"));
        });
      });
    }
    reply.onComplete(tc.succeeding(body -> tc.verify(() -> {
      assertThat(body).isInstanceOf(io.vertx.core.json.JsonObject.class);
      tc.completeNow();
    })));
  }

  @Test
  void aJobAcceptedOnOneNodeIsReadOnEveryNodeAndAnUnknownIdIs404Everywhere(Vertx vertx, VertxTestContext tc) {
    WebClient client = WebClient.create(vertx);
    String unknown = java.util.UUID.randomUUID().toString();
    client.post(cluster.node(1).httpPort(), "localhost", "/v1/jobs").putHeader("Content-Type", "audio/wav")
        .sendBuffer(Buffer.buffer(TestAudio.speechWav(1)))
        .compose(accepted -> {
          String id = accepted.bodyAsJsonObject().getString("id");
          Future<HttpResponse<Buffer>> onA = client.get(cluster.node(0).httpPort(), "localhost", "/v1/jobs/" + id).send();
          Future<HttpResponse<Buffer>> onC = client.get(cluster.node(2).httpPort(), "localhost", "/v1/jobs/" + id).send();
          Future<HttpResponse<Buffer>> missing =
              client.get(cluster.node(0).httpPort(), "localhost", "/v1/jobs/" + unknown).send();
          return Future.all(onA, onC, missing).compose(all -> finished(vertx, id)).map(all -> {
            tc.verify(() -> {
              assertThat(accepted.statusCode()).isEqualTo(202);
              assertThat(onA.result().statusCode()).isEqualTo(200);
              assertThat(onA.result().bodyAsJsonObject().getString("id")).isEqualTo(id);
              assertThat(onC.result().statusCode()).isEqualTo(200);
              assertThat(onC.result().bodyAsJsonObject().getString("id")).isEqualTo(id);
              assertThat(missing.result().statusCode()).isEqualTo(404);
              assertThat(missing.result().getHeader("Content-Type")).isEqualTo("application/problem+json");
              assertThat(missing.result().bodyAsJsonObject().getString("detail")).contains(unknown);
            });
            return all;
          });
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void everyNodeReportsTheClusterSizeAndTheForwardingCountersOnMetrics(Vertx vertx, VertxTestContext tc) {
    tc.verify(() -> {
      for (int i = 0; i < 3; i++) {
        String m = scrape(i);
        assertThat(Metrics.sum(m, "audio_cluster_nodes")).isEqualTo(3.0);
        assertThat(m).contains("audio_cluster_forwarded_total", "audio_cluster_received_total",
            "audio_cluster_forward_failures_total{reason=\"node_left\"}",
            "audio_cluster_forward_failures_total{reason=\"unreachable\"}");
      }
    });
    HeldClients.hold(WebClient.create(vertx)).get(cluster.node(2).httpPort(), "localhost", "/health/ready").send()
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          tc.completeNow();
        })));
  }

  /** Waits until the job on node B has finished, so that no chunk of it is left on an engine for the next test. */
  private static Future<Void> finished(Vertx vertx, String id) {
    return cluster.node(1).jobs().getLocal(id).compose(job -> job.state().finished() ? Future.succeededFuture()
        : vertx.timer(20, java.util.concurrent.TimeUnit.MILLISECONDS).compose(v -> finished(vertx, id)));
  }

  private int placedJobs() {
    int placed = 0;
    for (int i = 0; i < 3; i++) {
      placed += cluster.node(i).inference().admission().runningJobs()
          + cluster.node(i).inference().admission().waitingJobs();
    }
    return placed;
  }

  private static Future<HttpResponse<Buffer>> analyse(Vertx vertx, int node, String... params) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(cluster.node(node).httpPort()), new PoolOptions().setHttp1MaxSize(16));
    var request = client.post("/v1/analyze").putHeader("Content-Type", "audio/wav");
    for (int i = 0; i < params.length; i += 2) {
      request.addQueryParam(params[i], params[i + 1]);
    }
    return request.sendBuffer(Buffer.buffer(TestAudio.speechWav(1)));
  }

  private static Future<NetSocket> rawPost(Vertx vertx, int node, byte[] wav) {
    String head = "POST /v1/analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\nContent-Length: "
        + wav.length + "\r\n\r\n";
    return HeldClients.hold(vertx.createNetClient()).connect(cluster.node(node).httpPort(), "localhost")
        .compose(s -> s.write(Buffer.buffer(head).appendBytes(wav)).map(s));
  }

  private static String scrape(int node) {
    return cluster.node(node).registry().scrape();
  }

  private static double counter(int node, String name, String... labels) {
    return Metrics.sum(scrape(node), name, labels);
  }

  private static double counterOnAll(String name, String... labels) {
    return counter(0, name, labels) + counter(1, name, labels) + counter(2, name, labels);
  }
}
