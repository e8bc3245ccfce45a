// A/B engine speed of two (or more) jars in ONE JVM, each in its own class loader, runs interleaved so machine load
// hits both alike: median thread CPU time of SignalAnalyzer.analyze on EngineBench's scene. See scripts/bench-engine-ab.sh.
import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.net.*;
import java.util.*;
public class EngineAb {
  public static void main(String[] a) throws Exception {
    int seconds = Integer.parseInt(a[0]); int reps = Integer.parseInt(a[1]);
    int m = a.length - 2;
    Object[] analyzers = new Object[m]; Method[] analyze = new Method[m]; Object[] none = new Object[m]; float[][] xs = new float[m][];
    for (int j = 0; j < m; j++) {
      ClassLoader cl = new URLClassLoader(new URL[] {new java.io.File(a[j + 2]).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> vad = cl.loadClass("io.audioinsight.audio.vad.DspVad");
      Class<?> vi = cl.loadClass("io.audioinsight.audio.VoiceActivityDetector");
      Class<?> sa = cl.loadClass("io.audioinsight.audio.SignalAnalyzer");
      Class<?> canc = cl.loadClass("io.audioinsight.audio.Cancellation");
      analyzers[j] = sa.getConstructor(vi).newInstance(vad.getConstructor().newInstance());
      analyze[j] = sa.getMethod("analyze", float[].class, int.class, double.class, canc);
      none[j] = canc.getField("NONE").get(null);
      Method scene = engineBench(cl).getDeclaredMethod("scene", int.class);
      scene.setAccessible(true);
      xs[j] = (float[]) scene.invoke(null, seconds);
    }
    var T = ManagementFactory.getThreadMXBean();
    List<List<Double>> cpu = new ArrayList<>();
    Object[] results = new Object[m];
    for (int j = 0; j < m; j++) cpu.add(new ArrayList<>());
    for (int i = 0; i < reps + 10; i++) {
      for (int j = 0; j < m; j++) {
        long c0 = T.getCurrentThreadCpuTime();
        results[j] = analyze[j].invoke(analyzers[j], xs[j], 512, 0.5, none[j]);
        if (i >= 10) cpu.get(j).add((T.getCurrentThreadCpuTime() - c0) / 1e6);
      }
    }
    for (int j = 0; j < m; j++) {
      List<Double> c = cpu.get(j); Collections.sort(c);
      System.out.printf("%s: median CPU %.2f ms (p25 %.2f, p75 %.2f) over %d, x real time %.0f%n", a[j + 2], c.get(c.size() / 2),
          c.get(c.size() / 4), c.get(3 * c.size() / 4), c.size(), seconds * 1000 / c.get(c.size() / 2));
      Object snr = results[j].getClass().getMethod("snr").invoke(results[j]);
      System.out.println("  result: " + snr);
    }
  }

  /** EngineBench lives in the tools jar since the module split; jars from before it have the old package. */
  static Class<?> engineBench(ClassLoader cl) throws ClassNotFoundException {
    try {
      return cl.loadClass("io.audioinsight.bench.engine.EngineBench");
    } catch (ClassNotFoundException beforeTheSplit) {
      return cl.loadClass("io.audioinsight.audio.bench.EngineBench");
    }
  }
}
