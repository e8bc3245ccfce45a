package io.audioinsight.cluster;

import static io.audioinsight.cluster.TestCluster.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.support.HeldClients;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAudio;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures between nodes, on a cluster of three in one JVM: a forward that its node never admitted is retried once
 * elsewhere, and a node that dies (its Hazelcast member terminated without leaving, as under kill -9) while
 * running a forwarded request makes that request answer 503 at once, long before its deadline; a node that drains
 * (SIGTERM) finishes what it admitted first. The drain and the kill come last, in that order: each takes a node
 * away.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodeLossTest {

  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    HeldClients.release();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aForwardToANodeThatNeverAdmitsItIsRetriedOnceOnAnotherNode(Vertx vertx, VertxTestContext tc) throws Exception {
    cluster.holdAll();
    double unreachableBefore = failures("unreachable");
    // A node that looks idle but has no consumer (it died just after its last snapshot).
    cluster.member(0).board().update(new NodeCapacity("ghost", 8, 0, 0, 0, 10, 8, 100, false));
    Future<HttpResponse<Buffer>> first = analyse(vertx, 60_000);
    until(vertx, () -> cluster.engines.get(0).running() == 1)
        .compose(v -> {
          Future<HttpResponse<Buffer>> second = analyse(vertx, 60_000);
          return until(vertx, () -> cluster.running() == 2).map(second);
        })
        .compose(second -> {
          cluster.releaseAll();
          return Future.all(first, second).map(second);
        })
        .onComplete(tc.succeeding(second -> tc.verify(() -> {
          cluster.member(0).board().remove("ghost");
          assertThat(second.result().statusCode()).isEqualTo(200);
          assertThat(failures("unreachable") - unreachableBefore).isEqualTo(1.0);
          tc.completeNow();
        })));
    assertThat(tc.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
    cluster.settle();
  }

  @Test
  @Order(2)
  void aNodeThatDrainsFinishesTheForwardedRequestItRunsThenLeavesTheCluster(Vertx vertx, VertxTestContext tc) {
    cluster.holdAll();
    Future<HttpResponse<Buffer>> own = analyse(vertx, 60_000);
    until(vertx, () -> cluster.engines.get(0).running() == 1)
        .compose(v -> {
          Future<HttpResponse<Buffer>> forwarded = analyse(vertx, 60_000);
          return until(vertx, () -> cluster.running() == 2).map(forwarded);
        })
        .compose(forwarded -> {
          int leaving = cluster.engines.get(1).running() == 1 ? 1 : 2;
          Future<Void> drained = cluster.node(leaving).shutdown();
          // The drain waits for the admitted forward: readiness is 503 and nothing else is taken meanwhile.
          return until(vertx, () -> cluster.node(leaving).health().isDraining())
              .compose(x -> {
                cluster.releaseAll();
                return Future.all(own, forwarded, drained);
              })
              .compose(x -> until(vertx, () -> cluster.member(0).members().size() == 2
                  && cluster.member(0).board().fresh().size() == 1))
              .map(forwarded);
        })
        .onComplete(tc.succeeding(forwarded -> tc.verify(() -> {
          assertThat(own.result().statusCode()).isEqualTo(200);
          assertThat(forwarded.result().statusCode()).as("finished by the draining node").isEqualTo(200);
          assertThat(Metrics.sum(cluster.node(0).registry().scrape(), "audio_cluster_nodes")).isEqualTo(2.0);
          tc.completeNow();
        })));
  }

  @Test
  @Order(3)
  void aNodeKilledWhileRunningAForwardedRequestMakesItAnswer503LongBeforeItsDeadline(Vertx vertx,
                                                                                     VertxTestContext tc) {
    cluster.holdAll();
    double nodeLeftBefore = failures("node_left");
    // the node that did not drain in the test before: A must see it idle, or A keeps the second request queued at
    // home (its own engine is held) instead of forwarding it, and nothing here would ever be killed mid-forward
    int survivor = cluster.node(1).health().isDraining() ? 2 : 1;
    @SuppressWarnings("unchecked")
    Future<HttpResponse<Buffer>>[] ownHolder = new Future[1];
    long[] sent = new long[1];
    @SuppressWarnings("unchecked")
    HttpResponse<Buffer>[] readiness = new HttpResponse[1];
    until(vertx, () -> cluster.sees(0, survivor, c -> c.runningJobs() == 0 && c.waitingJobs() == 0))
        .compose(v -> {
          ownHolder[0] = analyse(vertx, 60_000);
          return until(vertx, () -> cluster.engines.get(0).running() == 1);
        })
        .compose(v -> {
          sent[0] = System.nanoTime();
          Future<HttpResponse<Buffer>> forwarded = analyse(vertx, 60_000);
          return until(vertx, () -> cluster.running() == 2).map(forwarded);
        })
        .compose(forwarded -> {
          int victim = cluster.engines.get(1).running() == 1 ? 1 : 2; // the one of B and C still running
          // As under kill -9: the member vanishes without leaving; its held engine never answers.
          cluster.member(victim).manager().getHazelcastInstance().getLifecycleService().terminate();
          // Its HTTP port still answers here (the process lives on): readiness must say it is out of the cluster.
          return forwarded.compose(f -> HeldClients.hold(WebClient.create(vertx))
              .get(cluster.node(victim).httpPort(), "localhost", "/health/ready").send()
              .map(ready -> {
                readiness[0] = ready;
                return f;
              }));
        })
        .onComplete(tc.succeeding(forwarded -> tc.verify(() -> {
          assertThat(readiness[0].statusCode()).isEqualTo(503);
          assertThat(readiness[0].bodyAsJsonObject().getString("detail")).contains("not a member of the cluster");
          long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent[0]);
          assertThat(forwarded.statusCode()).isEqualTo(503);
          assertThat(forwarded.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(forwarded.bodyAsJsonObject().getString("detail")).contains("left the cluster");
          assertThat(afterMs).as("answered on the node's loss, not at the 60 s deadline").isLessThan(30_000);
          assertThat(failures("node_left") - nodeLeftBefore).isEqualTo(1.0);
          assertThat(ownHolder[0].isComplete()).as("A's own job is untouched").isFalse();
          cluster.releaseAll();
          tc.completeNow();
        })));
  }

  private static double failures(String reason) {
    return Metrics.sum(cluster.node(0).registry().scrape(), "audio_cluster_forward_failures_total",
        "reason=\"" + reason + "\"");
  }

  private static Future<HttpResponse<Buffer>> analyse(Vertx vertx, long timeoutMs) {
    return HeldClients.hold(WebClient.create(vertx)).post(cluster.node(0).httpPort(), "localhost", "/v1/analyze")
        .addQueryParam("timeout_ms", Long.toString(timeoutMs))
        .putHeader("Content-Type", "audio/wav")
        .sendBuffer(Buffer.buffer(TestAudio.speechWav(1)));
  }
}
