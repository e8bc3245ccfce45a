package io.audioinsight.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** README's event-bus example is this package's code, and it runs: beside a service in the same Vertx, and from its main. */
@ExtendWith(VertxExtension.class)
class EventBusExampleTest {

  private static final Path ROOT = Path.of(System.getProperty("audioinsight.root", ".."));
  private static Service service;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  @Test
  void theReportVerticleGetsTheAnalysisOfAFileOverTheEventBus(VertxTestContext tc) throws Exception {
    Path wav = dir.resolve("meeting.wav");
    Files.write(wav, TestAudio.speechWav(2));
    ReportVerticle report = new ReportVerticle(wav.toString());
    service.vertx().deployVerticle(report).compose(id -> report.report())
        .onComplete(tc.succeeding(body -> tc.verify(() -> {
          assertThat(body.getJsonObject("snr").getDouble("snr_db")).isNotNull();
          assertThat(body.getJsonObject("snr").getInteger("vad_hop_size")).isEqualTo(256);
          assertThat(body.getJsonObject("speakers").getInteger("speaker_count")).isPositive();
          tc.completeNow();
        })));
  }

  @Test
  void aFileThatIsNotAudioGetsAReplyExceptionWithTheHttpStatus(VertxTestContext tc) throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.write(text, TestAudio.notAWav());
    ReportVerticle report = new ReportVerticle(text.toString());
    service.vertx().deployVerticle(report).compose(id -> report.report())
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(err).isInstanceOf(ReplyException.class);
          assertThat(((ReplyException) err).failureCode()).isEqualTo(415);
          tc.completeNow();
        })));
  }

  @Test
  void reportMainStartsTheServicePrintsTheSnrAndExits0() throws Exception {
    Path wav = dir.resolve("meeting.wav");
    Files.write(wav, TestAudio.speechWav(2));
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dconfig=" + TestServices.CONFIG_FILE, "-Dhttp.port=0", "-Dvad.engine=dsp", "-Dshutdown.grace_ms=0",
        "-Dinference.pool_size=1", ReportMain.class.getName(), wav.toString())
        .redirectErrorStream(true).start();
    boolean exited = p.waitFor(120, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      p.destroyForcibly();
    }
    assertThat(exited).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("SNR [0-9.]+ dB");
  }

  @Test
  void readmesEventBusSnippetIsTheCodeOfTheseClasses() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (String name : new String[] {"ReportVerticle", "ReportMain"}) {
      String source = Files.readString(ROOT.resolve("service/src/test/java/io/audioinsight/examples/" + name + ".java"));
      int start = source.indexOf('\n', source.indexOf("// snippet-start")) + 1;
      String snippet = source.substring(start, source.indexOf("// snippet-end"));
      assertThat(readme).as(name + " in README").contains(snippet);
    }
  }
}
