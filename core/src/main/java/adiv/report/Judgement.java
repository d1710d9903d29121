package adiv.report;

import java.util.Objects;

/**
 * The verdict on one claim together with what it was made of (MATH.md §10): the word a report
 * prints, the word its tests alone give (intersection–union for supported, Holm for contradicted;
 * see {@link ClaimEvaluation}), and whether the runs were too short. Kept together so that a "too
 * short" claim still shows which way its (unfinished) runs pointed.
 *
 * @param verdict the printed verdict: {@link Verdict#TOO_SHORT} when tooShort, else fromCi
 * @param fromCi the word of the tests alone (never TOO_SHORT)
 * @param tooShort whether, in some comparison, more than half of one side's runs hit max_epochs
 *     without stagnating
 */
public record Judgement(Verdict verdict, Verdict fromCi, boolean tooShort) {

    /** Checks that the three parts agree with {@link Verdict#withLength}. */
    public Judgement {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(fromCi, "fromCi");
        if (fromCi == Verdict.TOO_SHORT) {
            throw new IllegalArgumentException("fromCi is a CI rule's verdict, never TOO_SHORT");
        }
        if (verdict != Verdict.withLength(fromCi, tooShort)) {
            throw new IllegalArgumentException(
                    "verdict " + verdict + " does not follow from " + fromCi + " and tooShort=" + tooShort);
        }
    }

    /**
     * Judges a claim.
     *
     * @param fromCi the word of the claim's tests
     * @param tooShort the result of {@link Verdict#tooShort}
     */
    public static Judgement of(Verdict fromCi, boolean tooShort) {
        return new Judgement(Verdict.withLength(fromCi, tooShort), fromCi, tooShort);
    }

    /** Judges a claim from run counts: {@code of(fromCi, Verdict.tooShort(runs, hitMaxEpochs))}. */
    public static Judgement of(Verdict fromCi, int runs, int hitMaxEpochs) {
        return of(fromCi, Verdict.tooShort(runs, hitMaxEpochs));
    }
}
