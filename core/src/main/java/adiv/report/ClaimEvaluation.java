package adiv.report;

import adiv.sweep.Claim;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A sweep's claims evaluated on its runs (MATH.md §10): statistics only, no rendering.
 *
 * <p>Each claim compares its method with each opponent (or the best of them) in every cell of the
 * sweep, paired by seed: a cell is one combination of the settings the sweep varies, the method and
 * the seed apart (and the batch size for slope claims, which fit over it). The comparisons of one
 * claim are Holm-adjusted together. A comparison's word comes from its CI alone (the 95% CI for a
 * direction, the 90% CI against the margin for an equivalence); the claim's word is
 * <b>supported</b> when every comparison supports it (for a direction also with a Holm-adjusted p
 * below 0.05), <b>contradicted</b> when any comparison contradicts it (for a direction with a
 * Holm-adjusted p below 0.05), <b>inconclusive</b> otherwise, and <b>too short</b> when most of its
 * runs hit max_epochs without their validation accuracy stagnating. The headline metric is the test
 * accuracy at the epoch selected on the validation split; every claim is judged on the final epoch
 * too, so that a report can mark where the two disagree. A claim about the probe compares each
 * run's spread of K_ss across the batch instead ({@link Claim#KSS_SPREAD}); it has no selected epoch.
 *
 * <p>Settings that change the protocol rather than the network (correct_first, preprocessing, init,
 * lr) split a claim: it is judged once per level of them.
 */
public final class ClaimEvaluation {

    /** Settings that change the protocol: a claim is judged per level of them. */
    public static final List<String> PROTOCOL = List.of("correct_first", "preprocessing", "init", "lr");

    /** Holm-adjusted p below this counts, with a CI that excludes zero, for a claim-level word. */
    static final double ALPHA = 0.05;

    /**
     * A comparison's numbers, whichever kind: a paired difference of accuracy or a difference of
     * slopes.
     *
     * @param n seeds paired (for a slope, runs of the method)
     * @param estimate the mean paired difference, or the slope difference
     * @param ci95Low the 95% CI
     * @param ci95High the 95% CI
     * @param ci90Low the 90% CI (NaN for slopes)
     * @param ci90High the 90% CI (NaN for slopes)
     * @param p two-sided p
     * @param favour seeds where the method did better, ties, and where it did worse (-1 for slopes)
     * @param seedsNeeded a rough number of seeds for 80% power at the observed effect (-1: not known)
     */
    public record Effect(int n, double estimate, double ci95Low, double ci95High, double ci90Low, double ci90High,
            double p, int[] favour, int seedsNeeded) {

        static Effect of(PairedComparison c) {
            return new Effect(c.n(), c.meanDiff(), c.ci95Low(), c.ci95High(), c.ci90Low(), c.ci90High(), c.p(),
                    new int[] {c.favourA(), c.ties(), c.favourB()}, c.seedsNeeded());
        }

        static Effect of(SlopeDifference s) {
            return new Effect(s.nA(), s.difference(), s.ci95Low(), s.ci95High(), Double.NaN, Double.NaN, s.p(),
                    new int[] {-1, -1, -1}, -1);
        }

        /** The CI rule's word for a claim of this test. */
        Verdict verdict(Claim claim) {
            return claim.test() == Claim.Test.EQUIVALENT ? Verdict.equivalence(ci90Low, ci90High, claim.margin())
                    : Verdict.directional(ci95Low, ci95High, claim.test().sign());
        }
    }

    /**
     * The method against one opponent in one cell.
     *
     * @param cell the values of the settings that make the cell
     * @param against the opponent
     * @param selected the effect on test accuracy at the selected epoch (for slopes: its slope)
     * @param last the effect on test accuracy after the last epoch
     * @param holmP selected's p, Holm-adjusted over the claim's comparisons at this protocol level
     * @param verdict the CI rule's word on selected
     * @param verdictLast the CI rule's word on last
     */
    public record Comparison(Map<String, Object> cell, String against, Effect selected, Effect last, double holmP,
            Verdict verdict, Verdict verdictLast) {}

    /**
     * One claim judged at one level of the protocol settings.
     *
     * @param claim the claim
     * @param level the protocol settings' values (empty when the sweep varies none)
     * @param comparisons every comparison, Holm-adjusted together
     * @param judgement the claim's word on the selected epoch
     * @param judgementLast the claim's word on the last epoch
     * @param weakest the comparison least in the claim's favour (for a contradicted claim the one that
     *     contradicts it most surely; null without comparisons)
     * @param runs the runs involved
     * @param hitMaxEpochs of those, the runs that trained max_epochs without stagnating
     * @param meanEpochs the epochs they trained, on average
     * @param dataset the data set (or "several")
     */
    public record ClaimResult(Claim claim, Map<String, Object> level, List<Comparison> comparisons,
            Judgement judgement, Judgement judgementLast, Comparison weakest, int runs, int hitMaxEpochs,
            double meanEpochs, String dataset) {

        /** Whether the word differs between the selected and the last epoch. */
        public boolean selectionMatters() {
            return judgement.verdict() != judgementLast.verdict() || judgement.fromCi() != judgementLast.fromCi();
        }

        /** The fewest seeds behind a comparison. */
        public int seeds() {
            return comparisons.stream().mapToInt(c -> c.selected().n()).min().orElse(0);
        }
    }

    private ClaimEvaluation() {}

    /** Evaluates every claim on the runs. */
    public static List<ClaimResult> evaluate(List<Claim> claims, Results results) {
        List<String> varying = new ArrayList<>(results.varying());
        varying.remove("method");
        List<String> protocol = varying.stream().filter(PROTOCOL::contains).toList();
        List<ClaimResult> out = new ArrayList<>();
        for (Claim claim : claims) {
            Map<Map<String, Object>, List<RunOutcome>> byLevel = group(results.runs(), protocol);
            for (Map.Entry<Map<String, Object>, List<RunOutcome>> level : byLevel.entrySet()) {
                out.add(evaluate(claim, level.getKey(), level.getValue(), varying));
            }
        }
        return out;
    }

    private static ClaimResult evaluate(Claim claim, Map<String, Object> level, List<RunOutcome> runs, List<String> varying) {
        List<String> cellKeys = new ArrayList<>(varying);
        cellKeys.removeAll(PROTOCOL);
        cellKeys.remove("seed");
        if (claim.test().slope()) {
            cellKeys.remove("batch");
        }
        List<RunOutcome> involved = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, List<RunOutcome>> cell : group(runs, cellKeys).entrySet()) {
            List<RunOutcome> mine = ofMethod(cell.getValue(), claim.method());
            if (mine.isEmpty()) {
                continue;
            }
            List<String> opponents = claim.against();
            if (claim.best()) {
                opponents = opponents.stream().filter(o -> !ofMethod(cell.getValue(), o).isEmpty())
                        .max(Comparator.comparingDouble(o -> mean(ofMethod(cell.getValue(), o), RunOutcome::selectedAcc)))
                        .map(List::of).orElse(List.of());
            }
            for (String o : opponents) {
                List<RunOutcome> theirs = ofMethod(cell.getValue(), o);
                if (theirs.isEmpty()) {
                    continue;
                }
                involved.addAll(theirs);
                boolean kss = Claim.KSS_SPREAD.equals(claim.metric());
                Effect sel = effect(claim, mine, theirs, kss ? RunOutcome::kssSpread : RunOutcome::selectedAcc);
                Effect last = effect(claim, mine, theirs, kss ? RunOutcome::kssSpread : RunOutcome::finalAcc);
                comparisons.add(new Comparison(cell.getKey(), o, sel, last, Double.NaN, sel.verdict(claim), last.verdict(claim)));
            }
            involved.addAll(mine);
        }
        involved = involved.stream().distinct().toList();
        double[] holm = Holm.adjust(comparisons.stream().mapToDouble(c -> c.selected().p()).toArray());
        double[] holmLast = Holm.adjust(comparisons.stream().mapToDouble(c -> c.last().p()).toArray());
        List<Comparison> adjusted = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            adjusted.add(new Comparison(c.cell(), c.against(), c.selected(), c.last(), holm[i], c.verdict(), c.verdictLast()));
        }
        int hitMax = (int) involved.stream().filter(r -> "max_epochs".equals(r.stopped())).count();
        boolean tooShort = Verdict.tooShort(involved.size(), hitMax);
        Verdict word = aggregate(claim, adjusted, holm, false);
        Verdict wordLast = aggregate(claim, adjusted, holmLast, true);
        Object dataset = shared(involved, "dataset");
        return new ClaimResult(claim, level, adjusted, Judgement.of(word, tooShort), Judgement.of(wordLast, tooShort),
                word == Verdict.CONTRADICTED ? strongestAgainst(adjusted) : weakest(claim, adjusted), involved.size(), hitMax,
                involved.stream().mapToInt(RunOutcome::epochs).average().orElse(Double.NaN),
                dataset == null ? "several" : String.valueOf(dataset));
    }

    /** The claim's word from its comparisons (see the class comment). */
    static Verdict aggregate(Claim claim, List<Comparison> comparisons, double[] holm, boolean last) {
        if (comparisons.isEmpty()) {
            return Verdict.INCONCLUSIVE;
        }
        boolean equivalence = claim.test() == Claim.Test.EQUIVALENT;
        boolean all = true;
        boolean against = false;
        for (int i = 0; i < comparisons.size(); i++) {
            Verdict v = last ? comparisons.get(i).verdictLast() : comparisons.get(i).verdict();
            boolean significant = equivalence || holm[i] < ALPHA;
            all &= v == Verdict.SUPPORTED && significant;
            against |= v == Verdict.CONTRADICTED && significant;
        }
        return against ? Verdict.CONTRADICTED : all ? Verdict.SUPPORTED : Verdict.INCONCLUSIVE;
    }

    /** For a contradicted claim, the contradicting comparison with the smallest Holm-adjusted p. */
    private static Comparison strongestAgainst(List<Comparison> comparisons) {
        return comparisons.stream().filter(c -> c.verdict() == Verdict.CONTRADICTED)
                .min(Comparator.comparingDouble(Comparison::holmP)).orElse(null);
    }

    /** The comparison least in the claim's favour: its CI's nearer end, or for an equivalence its wider end. */
    private static Comparison weakest(Claim claim, List<Comparison> comparisons) {
        ToDoubleFunction<Comparison> favour = c -> {
            Effect e = c.selected();
            if (claim.test() == Claim.Test.EQUIVALENT) {
                return -Math.max(Math.abs(e.ci90Low()), Math.abs(e.ci90High()));
            }
            return claim.test().sign() > 0 ? e.ci95Low() : -e.ci95High();
        };
        return comparisons.stream().min(Comparator.comparingDouble(c -> {
            double f = favour.applyAsDouble(c);
            return Double.isNaN(f) ? Double.NEGATIVE_INFINITY : f;
        })).orElse(null);
    }

    private static Effect effect(Claim claim, List<RunOutcome> mine, List<RunOutcome> theirs, ToDoubleFunction<RunOutcome> metric) {
        if (claim.test().slope()) {
            return Effect.of(SlopeDifference.fit(points(mine, metric), points(theirs, metric)));
        }
        return Effect.of(PairedComparison.of(bySeed(mine, metric), bySeed(theirs, metric)));
    }

    /** (log₂ batch, accuracy) per run. */
    private static List<double[]> points(List<RunOutcome> runs, ToDoubleFunction<RunOutcome> metric) {
        List<double[]> p = new ArrayList<>();
        for (RunOutcome r : runs) {
            Object b = r.config().get("batch");
            if (b instanceof Number n) {
                p.add(new double[] {Math.log(n.doubleValue()) / Math.log(2), metric.applyAsDouble(r)});
            }
        }
        return p;
    }

    private static Map<Long, Double> bySeed(List<RunOutcome> runs, ToDoubleFunction<RunOutcome> metric) {
        Map<Long, Double> m = new LinkedHashMap<>();
        for (RunOutcome r : runs) {
            m.put(((Number) r.config().get("seed")).longValue(), metric.applyAsDouble(r));
        }
        return m;
    }

    private static List<RunOutcome> ofMethod(List<RunOutcome> runs, String method) {
        return runs.stream().filter(r -> method.equals(r.config().get("method"))).toList();
    }

    private static double mean(List<RunOutcome> runs, ToDoubleFunction<RunOutcome> metric) {
        return runs.stream().mapToDouble(metric).filter(Double::isFinite).average().orElse(Double.NEGATIVE_INFINITY);
    }

    private static Map<Map<String, Object>, List<RunOutcome>> group(List<RunOutcome> runs, List<String> keys) {
        Map<Map<String, Object>, List<RunOutcome>> groups = new LinkedHashMap<>();
        for (RunOutcome r : runs) {
            Map<String, Object> key = new LinkedHashMap<>();
            keys.forEach(k -> key.put(k, r.config().get(k)));
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static Object shared(List<RunOutcome> runs, String key) {
        List<Object> values = runs.stream().map(r -> r.config().get(key)).filter(Objects::nonNull).distinct().toList();
        return values.size() == 1 ? values.get(0) : null;
    }
}
