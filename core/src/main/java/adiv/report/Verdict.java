package adiv.report;

/**
 * The word a report gives a claim of the paper, by fixed rules (MATH.md §10). The rules are fixed in
 * advance, so that a verdict follows from the numbers alone and cannot be tuned after the results
 * are seen: {@link Hypothesis} decides each comparison, {@link ClaimEvaluation} the claim. The
 * readings on confidence intervals here say the same thing as those tests' p-values (HypothesisTest
 * checks that they agree).
 *
 * <ul>
 *   <li>{@link #directional}: a claim that A is better (or worse) than B, on the 95% CI of the
 *       paired difference or of a slope difference.
 *   <li>{@link #equivalence}: a claim that A matches B within a margin δ stated in advance, on the
 *       90% CI (two one-sided tests at 5%).
 *   <li>{@link #tooShort} and {@link #withLength}: when most runs stopped at max_epochs while still
 *       improving, the verdict is {@link #TOO_SHORT} whatever the CI says (see {@link #withLength}).
 * </ul>
 */
public enum Verdict {
    /** The interval supports the paper's claim. */
    SUPPORTED("supported"),
    /** The interval supports the opposite of the paper's claim. */
    CONTRADICTED("contradicted"),
    /** The interval cannot tell (or could not be computed). */
    INCONCLUSIVE("inconclusive"),
    /** Most runs were still learning when they hit max_epochs: the comparison is of unfinished runs. */
    TOO_SHORT("too short");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    /** The word a report prints: "supported", "contradicted", "inconclusive" or "too short". */
    public String word() {
        return word;
    }

    /**
     * A directional claim judged on a 95% CI of A − B (MATH.md §10).
     *
     * <p>SUPPORTED when the CI excludes zero on the claimed side (ciLow &gt; 0 for a claimed
     * A &gt; B), CONTRADICTED when it excludes zero on the other side, INCONCLUSIVE otherwise:
     * when it contains zero, touches it (an end exactly 0 does not exclude it), or is NaN.
     *
     * @param ciLow lower end of the 95% CI
     * @param ciHigh upper end of the 95% CI
     * @param claimedSign +1 when the paper claims A &gt; B (or a slope difference &gt; 0), −1 when it
     *     claims A &lt; B
     * @throws IllegalArgumentException if claimedSign is not ±1
     */
    public static Verdict directional(double ciLow, double ciHigh, int claimedSign) {
        if (claimedSign != 1 && claimedSign != -1) {
            throw new IllegalArgumentException("claimedSign must be +1 or -1, got " + claimedSign);
        }
        if (Double.isNaN(ciLow) || Double.isNaN(ciHigh)) {
            return INCONCLUSIVE;
        }
        boolean above = ciLow > 0.0;
        boolean below = ciHigh < 0.0;
        if (claimedSign > 0 ? above : below) {
            return SUPPORTED;
        }
        if (claimedSign > 0 ? below : above) {
            return CONTRADICTED;
        }
        return INCONCLUSIVE;
    }

    /**
     * An equivalence claim ("A matches B") judged on a 90% CI of A − B and a margin δ stated in
     * advance (MATH.md §10). The 90% CI lying inside (−δ, δ) is the same as both one-sided tests at
     * 5% rejecting "|A − B| ≥ δ".
     *
     * <p>SUPPORTED when −δ &lt; ci90Low and ci90High &lt; δ (strictly inside); CONTRADICTED when the
     * CI lies wholly outside the margin (ci90Low ≥ δ or ci90High ≤ −δ: the difference is at least
     * δ with the same confidence); INCONCLUSIVE otherwise, including a NaN CI.
     *
     * @param ci90Low lower end of the 90% CI
     * @param ci90High upper end of the 90% CI
     * @param margin δ &gt; 0, in the units of the difference (e.g. 0.01 for one percentage point of
     *     accuracy stored as a fraction)
     * @throws IllegalArgumentException if the margin is not a finite positive number
     */
    public static Verdict equivalence(double ci90Low, double ci90High, double margin) {
        if (!(margin > 0.0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("the margin must be finite and positive, got " + margin);
        }
        if (Double.isNaN(ci90Low) || Double.isNaN(ci90High)) {
            return INCONCLUSIVE;
        }
        if (ci90Low > -margin && ci90High < margin) {
            return SUPPORTED;
        }
        if (ci90Low >= margin || ci90High <= -margin) {
            return CONTRADICTED;
        }
        return INCONCLUSIVE;
    }

    /**
     * Whether a comparison's runs were too short: more than half of them (strictly) hit max_epochs
     * without stagnating, i.e. were still improving when stopped.
     *
     * @param runs runs behind the comparison (of both methods)
     * @param hitMaxEpochs of those, the runs that hit max_epochs without stagnating
     * @throws IllegalArgumentException if a count is negative or hitMaxEpochs &gt; runs
     */
    public static boolean tooShort(int runs, int hitMaxEpochs) {
        if (runs < 0 || hitMaxEpochs < 0 || hitMaxEpochs > runs) {
            throw new IllegalArgumentException(
                    "need 0 <= hitMaxEpochs <= runs, got runs=" + runs + ", hitMaxEpochs=" + hitMaxEpochs);
        }
        return 2L * hitMaxEpochs > runs;
    }

    /**
     * The verdict a report prints: {@link #TOO_SHORT} when the runs were too short, whatever the CI
     * said, else the CI's verdict unchanged.
     *
     * <p>Why the override is unconditional: a comparison of runs that had not finished learning
     * says how fast the methods learn, not where they end up, which is what the paper's claims are
     * about; a "supported" or "contradicted" from such runs could flip with more epochs. The CI's
     * verdict is not lost: {@link Judgement} keeps it next to the printed word.
     *
     * @param fromCi the verdict from {@link #directional} or {@link #equivalence}
     * @param tooShort the result of {@link #tooShort}
     */
    public static Verdict withLength(Verdict fromCi, boolean tooShort) {
        return tooShort ? TOO_SHORT : fromCi;
    }
}
