package io.audioinsight.audio.tuning;

import io.audioinsight.audio.*; import io.audioinsight.audio.vad.*; import io.audioinsight.audio.fixtures.*;
import java.nio.file.*; import java.util.*; import org.jtransforms.fft.DoubleFFT_1D;
/**
 * Development check of the DSP VAD and SNR on espeak-ng scenes (not a unit test; a main). Eight voices, three
 * utterances each with pauses, mixed with white, pink, brown, babble, hum and switching noise at -5..30 dB,
 * labelled with DESIGN.md's definitions (20 ms frames within 35 dB of the loudest, gaps under 150 ms bridged,
 * runs under 60 ms dropped; noise power over the whole file). Prints SNR MAE/bias, coverage and 10 ms frame F1
 * per noise and SNR, noise-only results, and a summary line. Run by scripts/dsp-scene-check.sh, which makes the
 * utterances u1..u24.wav (16 kHz PCM16) in the directory given as the first argument. The project's own corpus
 * and eval (issue 2, items 7-8) supersede this; it stays as a quick, independent check.
 */
public class EspeakSceneCheck {
  static float[] read(String f) throws Exception { byte[] b=Files.readAllBytes(Path.of(f)); int p=12; int dataOff=-1,len=0; while(p+8<=b.length){ String id=new String(b,p,4); int sz=(b[p+4]&255)|(b[p+5]&255)<<8|(b[p+6]&255)<<16|(b[p+7]&255)<<24; if(id.equals("data")){dataOff=p+8;len=Math.min(sz,b.length-dataOff);break;} p+=8+sz+(sz&1);} float[] x=new float[len/2]; for(int i=0;i<x.length;i++){ x[i]=(short)((b[dataOff+2*i]&255)|(b[dataOff+2*i+1]<<8))/32768f;} return x; }
  static boolean[] active(float[] c){ int len=320; int fr=(c.length+len-1)/len; double[] ms=new double[fr]; double mx=0; for(int f=0;f<fr;f++){double s=0; int to=Math.min(c.length,f*len+len); for(int i=f*len;i<to;i++) s+=c[i]*c[i]; ms[f]=s/(to-f*len); mx=Math.max(mx,ms[f]);} boolean[] a=new boolean[fr]; if(mx<=0) return a; double fl=mx*Math.pow(10,-3.5); for(int f=0;f<fr;f++) a[f]=ms[f]>0&&ms[f]>=fl; fill(a,false,2400,len,true); fill(a,true,960,len,false); return a; }
  static void fill(boolean[] a, boolean v, long lim, int fl, boolean interiorOnly){ int i=0; while(i<a.length){ if(a[i]!=v){i++;continue;} int j=i; while(j<a.length&&a[j]==v) j++; boolean in=i>0&&j<a.length; if((long)(j-i)*fl<lim&&(in||!interiorOnly)) for(int k=i;k<j;k++) a[k]=!v; i=j; } }
  static double activePower(float[] s, boolean[] a){ double sum=0; long n=0; for(int f=0;f<a.length;f++){ if(!a[f]) continue; int to=Math.min(s.length,f*320+320); for(int i=f*320;i<to;i++) sum+=s[i]*s[i]; n+=to-f*320;} return n==0?0:sum/n; }
  static double pow(float[] x){ double s=0; for(float v:x) s+=v*v; return s/x.length; }
  static float[] norm(float[] x){ double p=pow(x); float g=(float)(1/Math.sqrt(p)); for(int i=0;i<x.length;i++) x[i]*=g; return x; }
  static float[] coloured(int n,double e,long seed){ int m=2; while(m<n)m<<=1; Random r=new Random(seed); double[] a=new double[m]; for(int i=0;i<m;i++)a[i]=r.nextGaussian(); DoubleFFT_1D f=new DoubleFFT_1D(m); f.realForward(a); a[0]=0; for(int k=1;k<m/2;k++){ double hz=Math.max(20,(double)k*16000/m); double g=Math.pow(hz,-e/2); a[2*k]*=g; a[2*k+1]*=g;} a[1]*=Math.pow(8000,-e/2); f.realInverse(a,true); float[] x=new float[n]; for(int i=0;i<n;i++) x[i]=(float)a[i]; return norm(x);}
  static float[] hum(int n, double hz, long seed){ Random r=new Random(seed); int H=(int)Math.min(30,Math.floor(1500/hz)); float[] x=new float[n]; double[] ph=new double[H+1]; for(int k=1;k<=H;k++) ph[k]=2*Math.PI*r.nextDouble(); for(int i=0;i<n;i++){ double t=i/16000.0,v=0; for(int k=1;k<=H;k++) v+=(k%2==1?1.0:0.5)/k*Math.sin(2*Math.PI*k*hz*t+ph[k]); x[i]=(float)v;} return norm(x);}
  static float[] switching(int n,long seed){ float[] x=coloured(n,1,seed); double[] L={-12,-6,0,6}; Random r=new Random(seed+1); int i=0; double prev=Math.pow(10,L[r.nextInt(4)]/20); while(i<n){ double nx=Math.pow(10,L[r.nextInt(4)]/20); int len=(int)((0.3+1.7*r.nextDouble())*16000); for(int k=0;k<len&&i<n;k++,i++){ double w=k<320?k/320.0:1; x[i]*=(float)(prev+(nx-prev)*w);} prev=nx;} return norm(x);}
  static float[] babble(int n, List<float[]> utts, int exclude, long seed){ Random r=new Random(seed); float[] x=new float[n]; for(int v=0;v<5;v++){ int off=r.nextInt(16000); int u=(exclude+3+v*3)%utts.size(); float[] s=utts.get(u); float g=(float)(1/Math.sqrt(activePower(s,active(s)))); int j=r.nextInt(s.length); for(int i=0;i<n;i++){ x[i]+=g*s[j]; j++; if(j>=s.length){ j=0; u=(u+1)%utts.size(); if(u==exclude) u=(u+1)%utts.size(); s=utts.get(u); g=(float)(1/Math.sqrt(activePower(s,active(s))));} } } return norm(x); }
  public static void main(String[] args) throws Exception {
    List<float[]> utts=new ArrayList<>(); for(int i=1;i<=24;i++) utts.add(read(args[0]+"/u"+i+".wav"));
    String[] noises=args.length>1? args[1].split(","): new String[]{"white","pink","brown","babble","hum","switching"};
    double[] snrs={-5,0,5,10,20,30};
    SignalAnalyzer an=new SignalAnalyzer(new DspVad());
    Map<String,double[]> agg=new TreeMap<>();
    long seed=1;
    for(int v=0; v<8; v++){
      Random r=new Random(100+v);
      // scene: pause u pause u pause u pause
      List<float[]> parts=new ArrayList<>(); for(int k=0;k<3;k++){ parts.add(new float[(int)((0.4+1.2*r.nextDouble())*16000)]); parts.add(utts.get(v*3+k)); } parts.add(new float[(int)((0.4+1.2*r.nextDouble())*16000)]);
      int n=0; for(float[] p:parts) n+=p.length; float[] clean=new float[n]; int o=0; for(float[] p:parts){ System.arraycopy(p,0,clean,o,p.length); o+=p.length; }
      boolean[] act=active(clean); double ps=activePower(clean,act);
      for(String nt:noises){
        float[] noise = switch(nt){ case "white"->norm(SyntheticSignals.whiteNoise(n,1,seed)); case "pink"->coloured(n,1,seed); case "brown"->coloured(n,2,seed); case "hum"->hum(n, v%2==0?50:60, seed); case "babble"->babble(n,utts,v*3,seed); default->switching(n,seed);};
        seed++;
        for(double snr:snrs){
          double g=Math.sqrt(ps/(pow(noise)*Math.pow(10,snr/10)));
          float[] x=new float[n]; for(int i=0;i<n;i++) x[i]=(float)(clean[i]+g*noise[i]);
          SnrResult res=an.analyze(x,512,0.5,Cancellation.NONE).snr();
          // F1 10 ms grid
          int tp=0,fp=0,fn=0; for(int i=0;i<n/160;i++){ double c=i*0.01+0.005; boolean t=act[Math.min(act.length-1,(int)(c/0.02))]; boolean p=false; for(Segment s:res.speechSegments()) p|=c>=s.start()&&c<s.end(); if(t&&p)tp++; else if(p)fp++; else if(t)fn++; }
          double f1=2.0*tp/(2*tp+fp+fn);
          String key=String.format("%-9s %5.1f",nt,snr);
          double[] a=agg.computeIfAbsent(key,k->new double[5]);
          if(res.snrDb()!=null){ a[0]+=Math.abs(res.snrDb()-snr); a[1]+=res.snrDb()-snr; a[2]++; }
          a[3]+=f1; a[4]++;
        }
      }
    }
    double tot=0,cnt=0,cov=0,all=0; double[] f1lo={0,0}, f1hi={0,0};
    for(var e:agg.entrySet()){ double[] a=e.getValue(); System.out.printf("%s  MAE %.2f bias %+.2f cov %.2f F1 %.3f%n", e.getKey(), a[0]/a[2], a[1]/a[2], a[2]/a[4], a[3]/a[4]); tot+=a[0]; cnt+=a[2]; cov+=a[2]; all+=a[4]; double snr=Double.parseDouble(e.getKey().substring(9).trim()); if(snr<=5){f1lo[0]+=a[3];f1lo[1]+=a[4];} else {f1hi[0]+=a[3];f1hi[1]+=a[4];} }
    for(String nt:new String[]{"white","pink","brown","hum","switching","babble"}){ int n=16000*15; float[] noise = switch(nt){ case "white"->norm(SyntheticSignals.whiteNoise(n,1,seed)); case "pink"->coloured(n,1,seed); case "brown"->coloured(n,2,seed); case "hum"->hum(n,50,seed); case "babble"->babble(n,utts,0,seed); default->switching(n,seed);}; for(int i=0;i<n;i++) noise[i]*=0.05f; SnrResult res=an.analyze(noise,512,0.5,Cancellation.NONE).snr(); System.out.printf("noise-only %s ratio %.3f snr %s%n", nt, res.speechRatio(), res.snrDb()); }
    System.out.printf("ALL MAE %.2f coverage %.3f F1(-5..5) %.3f F1(10..30) %.3f%n", tot/cnt, cov/all, f1lo[0]/f1lo[1], f1hi[0]/f1hi[1]);
  }
}
