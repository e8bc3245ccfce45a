package io.audioinsight.cluster;

import static io.audioinsight.cluster.TestCluster.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.support.HeldClients;
import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs outlive their node, on three clustered nodes in one JVM that share one {@code jobs.dir} (as the compose file's
 * volume) and the replicated job store: a node that drains hands its queued jobs to the others at once, and a job
 * whose node dies (its Hazelcast member terminated without leaving, as under kill -9) is claimed by exactly one
 * other node, runs there once, and reads {@code succeeded} with its result; a job cancelled on a node that does not
 * run it is stopped on the node that does. The drain (node C) and the kill (node A) come last, in that order: each
 * takes a node away.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterJobTakeoverTest {

  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    // Two pool threads: a held synchronous request and a held job chunk side by side, and a queue behind them.
    cluster = TestCluster.start(3, "jobs.dir", TestServices.tempJobsDir(), "inference.pool_size", "2");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    HeldClients.release();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(0)
  void aJobCancelledOnANodeThatDoesNotRunItIsStoppedOnTheNodeThatDoes(Vertx vertx, VertxTestContext tc) {
    int b = 1;
    cluster.engines.get(b).hold();
    int stoppedBefore = cluster.engines.get(b).cancellationsObserved();
    Http onA = http(vertx, 0);
    Http onB = http(vertx, b);
    submit(onB)
        .compose(id -> until(vertx, () -> cluster.engines.get(b).running() == 1)
            .compose(v -> onA.delete("/v1/jobs/" + id)))
        .compose(cancelled -> until(vertx, () -> cluster.engines.get(b).cancellationsObserved() == stoppedBefore + 1)
            .map(cancelled))
        .onComplete(tc.succeeding(cancelled -> tc.verify(() -> {
          cluster.engines.get(b).release();
          assertThat(cancelled.statusCode()).isEqualTo(200);
          assertThat(cancelled.bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
          tc.completeNow();
        })));
  }

  @Test
  @Order(1)
  void aDrainingNodeHandsItsQueuedJobOverAtOnceAndAnotherNodeRunsItOnce(Vertx vertx, VertxTestContext tc) {
    int c = 2;
    cluster.engines.get(c).hold();
    Http onC = http(vertx, c);
    Http onA = http(vertx, 0);
    int callsBefore = callsOnAAndB();
    // A synchronous request keeps C's drain waiting; a job runs beside it; the second job must queue.
    Future<HttpResponse<Buffer>> held = onC.post("/v1/analyze?timeout_ms=60000", "audio/wav",
        Buffer.buffer(TestAudio.speechWav(1)));
    String[] ids = new String[2];
    Future<Void> drained = until(vertx, () -> cluster.engines.get(c).running() == 1)
        .compose(v -> submit(onC))
        .compose(first -> {
          ids[0] = first;
          return until(vertx, () -> cluster.engines.get(c).running() == 2);
        })
        .compose(v -> submit(onC))
        .compose(second -> {
          ids[1] = second;
          return JobPolling.inState(vertx, onA, second, "queued");
        })
        .compose(queued -> {
          Future<Void> drain = cluster.node(c).shutdown();
          return JobPolling.finished(vertx, onA, ids[1]).map(done -> {
            tc.verify(() -> {
              assertThat(done.getString("state")).isEqualTo("succeeded");
              assertThat(done.getJsonObject("result")).isNotNull();
              assertThat(drain.isComplete()).as("finished elsewhere while C still drains").isFalse();
              assertThat(cluster.node(c).health().isDraining()).isTrue();
              assertThat(callsOnAAndB() - callsBefore).as("the handed-over job ran once").isEqualTo(1);
            });
            return drain;
          });
        })
        .compose(drain -> {
          cluster.engines.get(c).release();
          return drain;
        });
    drained
        .compose(v -> Future.all(held, JobPolling.finished(vertx, onA, ids[0]), JobPolling.finished(vertx, onA, ids[1])))
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          assertThat(held.result().statusCode()).as("the drain finished C's own request").isEqualTo(200);
          JsonObject first = all.resultAt(1);
          JsonObject second = all.resultAt(2);
          assertThat(first.getString("state")).as("C's running job finished (on C or, stopped, elsewhere)")
              .isEqualTo("succeeded");
          assertThat(second.getString("state")).isEqualTo("succeeded");
          assertThat(callsOnAAndB() - callsBefore).as("the handed-over job still ran once")
              .isBetween(1, 2); // 2 when C's stopped running job was taken over after it left
          tc.completeNow();
        })));
  }

  @Test
  @Order(2)
  void aJobWhoseNodeDiesIsTakenOverAndFinishedByTheNodeThatIsLeftAndReadsSucceededThere(Vertx vertx,
                                                                                        VertxTestContext tc) {
    int a = 0;
    int b = 1;
    cluster.engines.get(a).hold();
    Http onA = http(vertx, a);
    Http onB = http(vertx, b);
    int callsOnBBefore = cluster.engines.get(b).calls();
    String[] id = new String[1];
    submit(onA)
        .compose(accepted -> {
          id[0] = accepted;
          return until(vertx, () -> cluster.engines.get(a).running() == 1);
        })
        .compose(running -> {
          // As under kill -9: the member vanishes without leaving; its held engine never answers.
          cluster.member(a).manager().getHazelcastInstance().getLifecycleService().terminate();
          return JobPolling.finished(vertx, onB, id[0]);
        })
        .onComplete(tc.succeeding(done -> tc.verify(() -> {
          assertThat(done.getString("state")).isEqualTo("succeeded");
          assertThat(done.getJsonObject("result").getDouble("duration_s")).isGreaterThan(0.0);
          assertThat(cluster.engines.get(b).calls() - callsOnBBefore).as("run once on B").isEqualTo(1);
          cluster.engines.get(a).release();
          tc.completeNow();
        })));
  }

  private static int callsOnAAndB() {
    return cluster.engines.get(0).calls() + cluster.engines.get(1).calls();
  }

  private static Future<String> submit(Http http) {
    return http.post("/v1/jobs", "audio/wav", Buffer.buffer(TestAudio.speechWav(1))).map(r -> {
      if (r.statusCode() != 202) {
        throw new AssertionError("job not accepted: " + r.statusCode() + " " + r.bodyAsString());
      }
      return r.bodyAsJsonObject().getString("id");
    });
  }

  private static Http http(Vertx vertx, int node) {
    return HeldClients.hold(new Http(vertx, cluster.node(node).httpPort()));
  }
}
