package io.audioinsight.cluster;

import io.audioinsight.app.Service;
import io.audioinsight.support.HoldingEngine;
import io.audioinsight.support.Poll;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Several clustered services in this JVM on loopback, each with its own Hazelcast member (TCP-IP join on free
 * ports), its own event-bus port and its own {@link HoldingEngine}, so that a test can fill a node's pool at will.
 * One per test class: Hazelcast's start-up is the slow part.
 */
final class TestCluster implements AutoCloseable {

  final List<Service> nodes = new ArrayList<>();
  final List<HoldingEngine> engines = new ArrayList<>();

  /** Starts {@code size} nodes (the first alone, the others joining it) and waits until each heard every other. */
  static TestCluster start(int size, String... overrides) throws Exception {
    TestCluster cluster = new TestCluster();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(TestServices.freePort());
    }
    String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    try {
      for (int i = 0; i < size; i++) {
        Map<String, String> config = new HashMap<>(Map.of(
            "inference.pool_size", "1", "inference.max_queue", "1", "http.instances", "1",
            "cluster.enabled", "true", "cluster.host", "127.0.0.1", "cluster.port", Integer.toString(ports.get(i)),
            "cluster.bus_port", Integer.toString(TestServices.freePort()), "cluster.members", members));
        for (int k = 0; k < overrides.length; k += 2) {
          config.put(overrides[k], overrides[k + 1]);
        }
        HoldingEngine engine = new HoldingEngine();
        cluster.engines.add(engine);
        cluster.nodes.add(TestServices.startWarm(TestServices.config(config), engine));
      }
      cluster.await(() -> cluster.nodes.stream().allMatch(n -> n.cluster().members().size() == size
          && n.cluster().board().fresh().size() == size - 1), "every node hears every other");
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  Service node(int i) {
    return nodes.get(i);
  }

  ClusterNode member(int i) {
    return nodes.get(i).cluster();
  }

  void holdAll() {
    engines.forEach(HoldingEngine::hold);
  }

  void releaseAll() {
    engines.forEach(HoldingEngine::release);
  }

  int running() {
    return engines.stream().mapToInt(HoldingEngine::running).sum();
  }

  /** True when {@code viewer}'s last snapshot of node {@code of} matches. */
  boolean sees(int viewer, int of, java.util.function.Predicate<NodeCapacity> matches) {
    return member(viewer).board().latest(member(of).nodeId()).filter(matches).isPresent();
  }

  /** Releases every engine and waits until no node has work or forwards and every node has heard it. */
  void settle() throws InterruptedException {
    releaseAll();
    await(() -> nodes.stream().allMatch(n -> n.inference().unanswered() == 0
        && n.inference().admission().runningJobs() == 0 && n.cluster().outstandingForwards() == 0), "idle");
    for (int v = 0; v < nodes.size(); v++) {
      for (int o = 0; o < nodes.size(); o++) {
        if (v != o) {
          int viewer = v;
          int of = o;
          await(() -> sees(viewer, of, c -> c.runningJobs() == 0 && c.waitingJobs() == 0), "idle snapshots");
        }
      }
    }
  }

  /**
   * {@link Poll#until}, armed on a Vert.x context. Armed from the test's own thread, the periodic timer's first tick
   * can run before Vert.x has recorded the timer, and cancelling it then throws inside Vert.x, so the wait never
   * ends (seen on busy cores when the condition holds at once).
   */
  static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> Poll.until(vertx, condition).onComplete(done));
    return done.future();
  }

  /** Bounded wait for a condition that other threads flip; fails naming {@code what}. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("still not true after 60 s: " + what);
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() throws Exception {
    releaseAll();
    for (Service s : nodes) {
      try {
        TestServices.stop(s);
      } catch (Exception killed) {
        // a node a test killed may not drain cleanly; the others still must stop
      }
    }
  }
}
