package io.audioinsight.audio;

/**
 * What the neural voice activity network hands from one chunk of a long file to the next, so that the next chunk
 * starts its reported range exactly where the whole file's pass would be, without running the network over
 * context first: its recurrent state at that point, and its raw outputs (one per 512-sample step, before the
 * look-ahead and the hop mapping) for the steps before it, which the next chunk's context needs for its segments.
 *
 * <p>Why: a chunk without a carry runs the network over {@code jobs.context_seconds} (128 s) of audio before its
 * range to settle the state (64 s of it cost about 13 % of a long job's CPU with 600 s chunks; docs/BENCHMARKS.md,
 * jobs). Chunks taken in order hand
 * the state on and skip that; the state is then the whole file's, not an approximation of it.
 *
 * @param state   the network's recurrent state before the step where the next chunk's range starts (owned: not
 *                changed after construction)
 * @param outputs the raw outputs of the steps before that point, the last one just before it; the next chunk reads
 *                as many of the last ones as its context spans
 */
public record VadCarry(float[] state, float[] outputs) {}
