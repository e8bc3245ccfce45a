package io.audioinsight.audio.decode;

/** G.711 mu-law and A-law expansion tables (ITU-T G.711), scaled to [-1, 1]. Immutable after class init. */
final class G711 {

  private static final float[] MU_LAW = new float[256];
  private static final float[] A_LAW = new float[256];

  static {
    for (int code = 0; code < 256; code++) {
      MU_LAW[code] = muLawToLinear(code) / 32768f;
      A_LAW[code] = aLawToLinear(code) / 32768f;
    }
  }

  private G711() {}

  static float muLaw(int code) {
    return MU_LAW[code & 0xff];
  }

  static float aLaw(int code) {
    return A_LAW[code & 0xff];
  }

  /** 16-bit linear value of a mu-law code (bias 0x84, as in the reference g711.c). */
  static int muLawToLinear(int code) {
    int u = ~code & 0xff;
    int t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
    return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
  }

  /** 16-bit linear value of an A-law code (even bits inverted with 0x55, as in the reference g711.c). */
  static int aLawToLinear(int code) {
    int a = (code ^ 0x55) & 0xff;
    int t = (a & 0x0f) << 4;
    int seg = (a & 0x70) >> 4;
    if (seg == 0) {
      t += 8;
    } else {
      t = (t + 0x108) << (seg - 1);
    }
    return (a & 0x80) != 0 ? t : -t;
  }
}
