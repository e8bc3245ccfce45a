package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.decode.Mp3Parts;
import io.audioinsight.audio.fixtures.FormatSamples;
import org.junit.jupiter.api.Test;

/** {@link PartedDecode}: what a job does after each of its decode parts ends, on every path. */
class PartedDecodeTest {

  private static PartedDecode threeOrMoreParts() {
    Mp3Parts plan = Mp3Parts.plan(FormatSamples.longSpeechMp3(), 10);
    assertThat(plan.parts()).isGreaterThanOrEqualTo(3);
    return new PartedDecode(plan);
  }

  private static Transcoder.Part written() {
    return new Transcoder.Part(new Mp3Parts.Done(100, 100), 0.5);
  }

  private static Mp3Parts.Mismatch mismatch() {
    return new Mp3Parts.Mismatch("part 1: frame 40 decoded to 0 samples");
  }

  @Test
  void everyPartWrittenMakesTheJoinReadyOnce() {
    PartedDecode d = threeOrMoreParts();
    int n = d.plan.parts();
    for (int i = 0; i < n; i++) {
      assertThat(d.readyToJoin()).isFalse();
      int k = d.start();
      assertThat(d.ended(k, written(), null, false)).isEqualTo(PartedDecode.Next.GO_ON);
    }
    assertThat(d.hasPending()).isFalse();
    assertThat(d.readyToJoin()).isTrue();
    d.joining();
    assertThat(d.readyToJoin()).isFalse();
  }

  @Test
  void aPreemptedPartRunsAgainFirst() {
    PartedDecode d = threeOrMoreParts();
    int first = d.start();
    d.start();
    assertThat(d.ended(first, null, new AnalysisCancelledException(), true)).isEqualTo(PartedDecode.Next.GO_ON);
    assertThat(d.start()).isEqualTo(first);
  }

  @Test
  void anotherFailureFailsTheJob() {
    PartedDecode d = threeOrMoreParts();
    int k = d.start();
    assertThat(d.ended(k, null, new AudioFormatException(AudioFormatException.Kind.CORRUPT, "bad frame"), false))
        .isEqualTo(PartedDecode.Next.FAIL);
  }

  @Test
  void aMismatchStopsThePartsAndTheJobDecodesWholeOnceTheLastRunningPartEnds() {
    PartedDecode d = threeOrMoreParts();
    int a = d.start();
    int b = d.start();
    assertThat(d.ended(a, null, mismatch(), false)).isEqualTo(PartedDecode.Next.GO_ON); // b still writes
    assertThat(d.hasPending()).isFalse();
    assertThat(d.ended(b, written(), null, false)).isEqualTo(PartedDecode.Next.DECODE_WHOLE);
    assertThat(d.readyToJoin()).isFalse();
  }

  @Test
  void aPartPreemptedAfterAMismatchIsNotRunAgainAndTheJobStillDecodesWhole() {
    PartedDecode d = threeOrMoreParts();
    int a = d.start();
    int b = d.start();
    d.ended(a, null, mismatch(), false);
    // the last running part gives its thread to a synchronous request: the job must not wait for it forever
    assertThat(d.ended(b, null, new AnalysisCancelledException(), true)).isEqualTo(PartedDecode.Next.DECODE_WHOLE);
    assertThat(d.hasPending()).isFalse();
  }
}
