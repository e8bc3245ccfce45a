package io.audioinsight.audio.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionPoolTest {

  private static byte[] model;

  @BeforeAll
  static void readModel() throws Exception {
    try (InputStream in = SessionPoolTest.class.getResourceAsStream("/models/silero_vad.onnx")) {
      assumeTrue(in != null, "the build did not obtain the Silero model; skipping");
      model = in.readAllBytes();
    }
  }

  private static SessionPool pool(AtomicInteger created) throws OrtException {
    return SessionPool.open(OnnxRuntimeEnvironment.get(), env -> {
      created.incrementAndGet();
      return env.createSession(model, new OrtSession.SessionOptions());
    });
  }

  @Test
  void overlappingLeasesGetDifferentSessionsAndLaterLeasesReuseThem() throws Exception {
    AtomicInteger created = new AtomicInteger();
    try (SessionPool pool = pool(created)) {
      assertEquals(1, created.get(), "the first session is made when the pool opens");
      OrtSession first;
      OrtSession second;
      try (SessionPool.Lease a = pool.borrow(); SessionPool.Lease b = pool.borrow()) {
        first = a.session();
        second = b.session();
        assertNotSame(first, second, "two callers at once never share a session");
      }
      assertEquals(2, pool.sessions());
      for (int i = 0; i < 5; i++) {
        try (SessionPool.Lease c = pool.borrow()) {
          // try-with-resources gave b back, then a
          assertSame(first, c.session(), "the session given back last is lent first");
        }
      }
      assertEquals(2, created.get(), "no session is made while one is idle");
    }
  }

  @Test
  void aLeaseGivenBackCannotBeUsedAndGivingItBackTwiceLendsItOnce() throws Exception {
    try (SessionPool pool = pool(new AtomicInteger())) {
      SessionPool.Lease lease = pool.borrow();
      lease.close();
      lease.close();
      assertThrows(IllegalStateException.class, lease::session);
      try (SessionPool.Lease a = pool.borrow(); SessionPool.Lease b = pool.borrow()) {
        assertNotSame(a.session(), b.session(), "a double give-back must not put one session in the pool twice");
      }
    }
  }

  @Test
  void aClosedPoolRefusesToLendAndClosesALentSessionWhenItComesBack() throws Exception {
    SessionPool pool = pool(new AtomicInteger());
    SessionPool.Lease lent = pool.borrow();
    OrtSession session = lent.session();
    pool.close();
    IllegalStateException refused = assertThrows(IllegalStateException.class, pool::borrow);
    assertEquals("the model's sessions are closed", refused.getMessage());
    session.getInputNames(); // still open while lent
    lent.close();
    assertThrows(IllegalStateException.class, session::getInputNames, "closed when it came back");
  }

  @Test
  void whatCloseRunsAfterTheLastLentSessionRunsOnlyOnceThatSessionComesBack() throws Exception {
    SessionPool pool = pool(new AtomicInteger());
    AtomicInteger ran = new AtomicInteger();
    SessionPool.Lease a = pool.borrow();
    SessionPool.Lease b = pool.borrow();
    pool.close(ran::incrementAndGet);
    assertEquals(0, ran.get(), "two sessions still lent");
    a.close();
    assertEquals(0, ran.get(), "one still lent");
    b.close();
    assertEquals(1, ran.get(), "run when the last came back");
    pool.close(ran::incrementAndGet);
    assertEquals(1, ran.get(), "a second close does nothing");

    SessionPool idle = pool(new AtomicInteger());
    idle.close(ran::incrementAndGet);
    assertEquals(2, ran.get(), "nothing lent: run at once");
  }
}
