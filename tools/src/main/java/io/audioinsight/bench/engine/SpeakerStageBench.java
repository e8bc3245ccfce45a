package io.audioinsight.bench.engine;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeechAnalysis;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.decode.DecodedAudio;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.decode.WavDecoder;
import io.audioinsight.audio.speakers.SpeakerCounter;
import io.audioinsight.audio.vad.DspVad;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Single-thread speed of the speaker stage alone on one WAV: the spectrogram and the DSP VAD's speech mask are
 * made once (default hop 512, threshold 0.5, as in the service), then the median thread CPU time of
 * {@code REPS} speaker counts after as many warm-up runs. Thread CPU time, not wall time: the shared machines
 * this runs on are busy, and CPU time is what the stage costs a worker thread. Usage:
 * {@code java -cp target/audio-insight.jar io.audioinsight.bench.engine.SpeakerStageBench WAV [REPS]}.
 */
public final class SpeakerStageBench {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private SpeakerStageBench() {}

  public static void main(String[] args) throws Exception {
    Path wav = Path.of(args[0]);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    DecodedAudio audio = WavDecoder.decode(Files.readAllBytes(wav), 24 * 3600);
    float[] samples = Resampler.toRate(audio.samples(), audio.sampleRate(), Spectrogram.SAMPLE_RATE);
    SpeechAnalysis speech = new SignalAnalyzer(new DspVad()).analyze(samples, 512, 0.5, false, Cancellation.NONE);
    Spectrogram spec = speech.spectrogram();
    boolean[] frames = speech.speechFrames();
    SpeakerCounter counter = new SpeakerCounter();
    SpeakerResult r = null;
    for (int i = 0; i < reps; i++) {
      r = counter.count(spec, frames, Cancellation.NONE);
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      r = counter.count(spec, frames, Cancellation.NONE);
      ms[i] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    double seconds = samples.length / (double) Spectrogram.SAMPLE_RATE;
    double median = ms[reps / 2];
    System.out.printf(Locale.ROOT,
        "speakers %s: %.1f s audio, %d speakers, median CPU %.2f ms (min %.2f, max %.2f)"
            + " = %.2f ms per 60 s = %.0fx real time%n",
        wav.getFileName(), seconds, r.speakerCount(), median, ms[0], ms[reps - 1], median / seconds * 60,
        seconds * 1000 / median);
  }
}
