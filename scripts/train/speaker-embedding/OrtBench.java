import ai.onnxruntime.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

/** Parity + speed check of the speaker-embedding ONNX model in ONNX Runtime (Java), one thread.
 *  java -cp onnxruntime.jar:. OrtBench model.onnx  (reads model.onnx.ref_in.f32 / .ref_out.f32) */
public class OrtBench {
  static float[] readF32(Path p) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[b.remaining() / 4]; b.asFloatBuffer().get(f); return f;
  }
  public static void main(String[] a) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setIntraOpNumThreads(1); so.setInterOpNumThreads(1);
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    try (OrtSession s = env.createSession(a[0], so)) {
      System.out.println("inputs " + s.getInputInfo() + "\noutputs " + s.getOutputInfo());
      float[] in = readF32(Paths.get(a[0] + ".ref_in.f32")), ref = readF32(Paths.get(a[0] + ".ref_out.f32"));
      float[][] x = {in};
      try (OnnxTensor t = OnnxTensor.createTensor(env, x); OrtSession.Result r = s.run(Map.of("waveform", t))) {
        float[] e = ((float[][]) r.get(0).getValue())[0];
        double md = 0; for (int i = 0; i < e.length; i++) md = Math.max(md, Math.abs(e[i] - ref[i]));
        System.out.println("dim " + e.length + " max |ort - torch| = " + md);
      }
      Random rnd = new Random(1);
      double[][] cfg = {{1.5, 1}, {1.5, 8}, {1.5, 32}, {3.0, 1}, {10.0, 1}, {60.0, 1}};
      for (double[] c : cfg) {
        int n = (int) (c[0] * 16000), bs = (int) c[1];
        float[][] w = new float[bs][n];
        for (float[] r : w) for (int i = 0; i < n; i++) r[i] = (float) (rnd.nextGaussian() * 0.05);
        try (OnnxTensor t = OnnxTensor.createTensor(env, w)) {
          for (int i = 0; i < 3; i++) s.run(Map.of("waveform", t)).close();
          int reps = Math.max(3, (int) (40 / (c[0] * bs)));
          long t0 = System.nanoTime();
          for (int i = 0; i < reps; i++) s.run(Map.of("waveform", t)).close();
          double ms = (System.nanoTime() - t0) / 1e6 / reps;
          System.out.printf("ORT 1 thread: batch %d x %.1fs: %.2f ms per call, %.2f ms per 1 s of audio%n", bs, c[0], ms, ms / (bs * c[0]));
        }
      }
    }
  }
}
