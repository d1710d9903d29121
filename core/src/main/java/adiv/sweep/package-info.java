/**
 * Sweeps: many training runs as one experiment. The {@link adiv.sweep.RunStore} keeps every run of
 * a sweep directory in one SQLite file, so that a sweep killed at any moment resumes where it was.
 */
package adiv.sweep;
