package io.audioinsight.audio.decode;

/**
 * The 48 -> 16 kHz low-pass of {@link ResamplingFilter} (88 taps, Kaiser window, 60 dB) applied with a third of
 * its multiplies. Why: Opus always decodes at 48 kHz, and this filter was a fifth of an Opus decode's time.
 *
 * <p>Decimating 3:1, the filter has a single row taken at a whole input sample, so it is symmetric about its centre
 * tap and each pair of taps at the same distance shares one multiply. Its cut-off is half the output rate, so the
 * sinc is zero at every multiple of 3 samples from the centre: those taps are skipped. That leaves the centre and
 * 29 pairs (30 multiplies in place of 88), written out so that the JIT keeps the coefficients in registers across a
 * block of outputs (a loop over an array of pairs ran no faster than the plain dot product: it is bound by loads,
 * not multiplies). The coefficients are the polyphase table's own, so the frequency response is the same; only the
 * floating-point summation order differs (outputs within 2e-6 of the plain dot product, {@code Decimator3To1Test}).
 */
final class Decimator3To1 {

  /** The only filter this folds: 3:1 with the table's 88 taps (60 dB stopband, transition 1/8 of 16 kHz). */
  static final int TAPS = 88;
  /** Taps from the first input sample a window reads to its centre (tap j lies 43 - j samples before the output). */
  static final int CENTRE = TAPS / 2 - 1;
  /**
   * Coefficients this small are the sinc's zeros (computed as ~1e-17 rather than 0); the smallest real tap of a
   * 60 dB Kaiser window is around 1e-4.
   */
  private static final double ZERO = 1e-9;

  private final float hc;
  /** h{d}: the coefficient of the two taps at distance d from the centre, for every d up to 43 but the multiples of 3. */
  private final float h1;
  private final float h2;
  private final float h4;
  private final float h5;
  private final float h7;
  private final float h8;
  private final float h10;
  private final float h11;
  private final float h13;
  private final float h14;
  private final float h16;
  private final float h17;
  private final float h19;
  private final float h20;
  private final float h22;
  private final float h23;
  private final float h25;
  private final float h26;
  private final float h28;
  private final float h29;
  private final float h31;
  private final float h32;
  private final float h34;
  private final float h35;
  private final float h37;
  private final float h38;
  private final float h40;
  private final float h41;
  private final float h43;

  private Decimator3To1(float[] h) {
    hc = h[CENTRE];
    h1 = h[CENTRE - 1];
    h2 = h[CENTRE - 2];
    h4 = h[CENTRE - 4];
    h5 = h[CENTRE - 5];
    h7 = h[CENTRE - 7];
    h8 = h[CENTRE - 8];
    h10 = h[CENTRE - 10];
    h11 = h[CENTRE - 11];
    h13 = h[CENTRE - 13];
    h14 = h[CENTRE - 14];
    h16 = h[CENTRE - 16];
    h17 = h[CENTRE - 17];
    h19 = h[CENTRE - 19];
    h20 = h[CENTRE - 20];
    h22 = h[CENTRE - 22];
    h23 = h[CENTRE - 23];
    h25 = h[CENTRE - 25];
    h26 = h[CENTRE - 26];
    h28 = h[CENTRE - 28];
    h29 = h[CENTRE - 29];
    h31 = h[CENTRE - 31];
    h32 = h[CENTRE - 32];
    h34 = h[CENTRE - 34];
    h35 = h[CENTRE - 35];
    h37 = h[CENTRE - 37];
    h38 = h[CENTRE - 38];
    h40 = h[CENTRE - 40];
    h41 = h[CENTRE - 41];
    h43 = h[CENTRE - 43];
  }

  /**
   * The folded form of {@code f}, or null when {@code f} is not this 3:1 filter (every other ratio keeps the
   * polyphase dot product). Checks the properties the folding relies on rather than assuming them.
   */
  static Decimator3To1 of(ResamplingFilter f) {
    if (f.up != 1 || f.down != 3 || f.interpolated || f.taps != TAPS) {
      return null;
    }
    float[] h = f.table;
    if (h[TAPS - 1] != 0) { // the window's end, at distance -44
      return null;
    }
    for (int d = 1; d <= CENTRE; d++) {
      boolean sincZero = d % 3 == 0;
      if (h[CENTRE - d] != h[CENTRE + d] || sincZero != (Math.abs(h[CENTRE - d]) <= ZERO)) {
        return null;
      }
    }
    return new Decimator3To1(h);
  }

  /**
   * Writes {@code count} outputs to {@code y[yOff..]}; output i's window starts at {@code x[first + 3 * i]}, and
   * the caller makes sure that every window lies inside {@code x} ({@code first + 3 * (count - 1) + TAPS <= x.length}).
   */
  void apply(float[] x, int first, int count, float[] y, int yOff) {
    final float hc = this.hc;
    final float h1 = this.h1;
    final float h2 = this.h2;
    final float h4 = this.h4;
    final float h5 = this.h5;
    final float h7 = this.h7;
    final float h8 = this.h8;
    final float h10 = this.h10;
    final float h11 = this.h11;
    final float h13 = this.h13;
    final float h14 = this.h14;
    final float h16 = this.h16;
    final float h17 = this.h17;
    final float h19 = this.h19;
    final float h20 = this.h20;
    final float h22 = this.h22;
    final float h23 = this.h23;
    final float h25 = this.h25;
    final float h26 = this.h26;
    final float h28 = this.h28;
    final float h29 = this.h29;
    final float h31 = this.h31;
    final float h32 = this.h32;
    final float h34 = this.h34;
    final float h35 = this.h35;
    final float h37 = this.h37;
    final float h38 = this.h38;
    final float h40 = this.h40;
    final float h41 = this.h41;
    final float h43 = this.h43;
    for (int i = 0; i < count; i++) {
      int c = first + 3 * i + CENTRE;
      // four accumulators break the add dependency chain
      float s0 = hc * x[c];
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      s0 += h1 * (x[c - 1] + x[c + 1]);
      s1 += h2 * (x[c - 2] + x[c + 2]);
      s2 += h4 * (x[c - 4] + x[c + 4]);
      s3 += h5 * (x[c - 5] + x[c + 5]);
      s0 += h7 * (x[c - 7] + x[c + 7]);
      s1 += h8 * (x[c - 8] + x[c + 8]);
      s2 += h10 * (x[c - 10] + x[c + 10]);
      s3 += h11 * (x[c - 11] + x[c + 11]);
      s0 += h13 * (x[c - 13] + x[c + 13]);
      s1 += h14 * (x[c - 14] + x[c + 14]);
      s2 += h16 * (x[c - 16] + x[c + 16]);
      s3 += h17 * (x[c - 17] + x[c + 17]);
      s0 += h19 * (x[c - 19] + x[c + 19]);
      s1 += h20 * (x[c - 20] + x[c + 20]);
      s2 += h22 * (x[c - 22] + x[c + 22]);
      s3 += h23 * (x[c - 23] + x[c + 23]);
      s0 += h25 * (x[c - 25] + x[c + 25]);
      s1 += h26 * (x[c - 26] + x[c + 26]);
      s2 += h28 * (x[c - 28] + x[c + 28]);
      s3 += h29 * (x[c - 29] + x[c + 29]);
      s0 += h31 * (x[c - 31] + x[c + 31]);
      s1 += h32 * (x[c - 32] + x[c + 32]);
      s2 += h34 * (x[c - 34] + x[c + 34]);
      s3 += h35 * (x[c - 35] + x[c + 35]);
      s0 += h37 * (x[c - 37] + x[c + 37]);
      s1 += h38 * (x[c - 38] + x[c + 38]);
      s2 += h40 * (x[c - 40] + x[c + 40]);
      s3 += h41 * (x[c - 41] + x[c + 41]);
      s0 += h43 * (x[c - 43] + x[c + 43]);
      y[yOff + i] = (s0 + s1) + (s2 + s3);
    }
  }
}
