/**
 * Reports: statistics over a sweep's repeats (mean ± standard error), the paper's Table 1 layout
 * (accuracy averaged over batch sizes and its slope against batch size), and the files a person
 * reads.
 */
package adiv.report;
