// Same-input results of two engine jars: runs AudioAnalyzer (DSP VAD, SNR) of each jar, in its own class loader,
// on every .wav under a folder and prints the files whose SnrResult or duration differ. See scripts/bench-engine-ab.sh.
import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
public class EngineSameResults {
  public static void main(String[] a) throws Exception {
    Object[] an = new Object[2]; Method[] m = new Method[2]; Object[] none = new Object[2]; Object[] params = new Object[2];
    for (int j = 0; j < 2; j++) {
      ClassLoader cl = new URLClassLoader(new URL[] {new java.io.File(a[j]).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> vi = cl.loadClass("io.audioinsight.audio.VoiceActivityDetector");
      Class<?> aa = cl.loadClass("io.audioinsight.audio.AudioAnalyzer");
      Class<?> canc = cl.loadClass("io.audioinsight.audio.Cancellation");
      Class<?> ap = cl.loadClass("io.audioinsight.audio.AnalysisParams");
      Class<?> op = cl.loadClass("io.audioinsight.audio.Operation");
      an[j] = aa.getConstructor(vi).newInstance(cl.loadClass("io.audioinsight.audio.vad.DspVad").getConstructor().newInstance());
      m[j] = aa.getMethod("analyze", byte[].class, ap, canc);
      none[j] = canc.getField("NONE").get(null);
      params[j] = ap.getMethod("defaults", op, double.class).invoke(null, op.getField("SNR").get(null), 3600.0);
    }
    List<Path> files = new ArrayList<>();
    try (var s = Files.walk(Path.of(a[2]))) { s.filter(p -> p.toString().endsWith(".wav")).sorted().forEach(files::add); }
    int same = 0, differ = 0;
    for (Path p : files) {
      byte[] b = Files.readAllBytes(p);
      String[] r = new String[2];
      for (int j = 0; j < 2; j++) {
        try { Object res = m[j].invoke(an[j], b, params[j], none[j]); r[j] = String.valueOf(res.getClass().getMethod("snr").invoke(res)) + " d=" + res.getClass().getMethod("durationS").invoke(res); }
        catch (InvocationTargetException e) { r[j] = "EXC " + e.getCause(); }
      }
      if (r[0].equals(r[1])) same++; else { differ++; System.out.println("DIFF " + p + "\n  " + r[0] + "\n  " + r[1]); }
    }
    System.out.println(files.size() + " files: " + same + " identical, " + differ + " differ");
  }
}
