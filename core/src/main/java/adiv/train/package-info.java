/**
 * Training one network: the paper's MLP built from the maps (MATH.md §9), and a training loop that
 * is seeded (repeats usually match bit for bit, not always: BENCHMARKS.md), and ends a run cleanly when its loss diverges.
 */
package adiv.train;
