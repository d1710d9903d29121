package adiv.report;

import adiv.sweep.Claim;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A sweep's claims evaluated on its runs (MATH.md §10): statistics only, no rendering.
 *
 * <p>Each claim compares its method with each opponent (or the best of them, chosen on validation
 * accuracy) in every cell of the sweep, paired by seed: a cell is one combination of the settings the
 * sweep varies, the method and the seed apart (and the batch size for slope claims, which fit over
 * it). Each comparison is tested as its claim says ({@link Hypothesis}: superiority, non-inferiority,
 * equivalence, a slope difference or one method's own slope). The claim's word:
 *
 * <ul>
 *   <li><b>supported</b> when every comparison passes its own test at its own level (an
 *       intersection–union test: no multiplicity adjustment, none is needed);
 *   <li><b>contradicted</b> when a comparison is significant the other way with Holm's adjustment
 *       over the claim's m comparisons (one of m is enough, so the m chances are paid for);
 *   <li><b>inconclusive</b> otherwise;
 *   <li><b>too short</b> when, in some comparison, more than half of one side's runs stopped at
 *       max_epochs while still improving, whatever the other side did (the tests' word is kept
 *       beside it).
 * </ul>
 *
 * A claim with {@code pooled: true} ("tends to") is judged on one comparison per opponent: per seed,
 * the mean over the claim's cells of the paired differences, then the claim's own test on those n
 * values; its per-cell comparisons are still listed. The headline number of a run is its test
 * accuracy at the epoch selected on the validation split; every claim is judged on the last epoch
 * too, so that a report can mark where the two disagree. A run that diverged counts at chance
 * accuracy wherever it has no finite result ({@link RunOutcome#selectedScore}) and is counted per
 * side. A claim about the probe compares each run's measured spread of the step ratio instead
 * ({@link Claim#RATIO_SPREAD}); it has no selected epoch. A claim that the method's advantage grows
 * along an axis ({@code grows}, e.g. width) compares, per seed, its paired difference at the axis's
 * largest value with the one at its smallest.
 *
 * <p>Settings that change the protocol rather than the network (correct_first, preprocessing, init,
 * lr) split a claim: it is judged once per level of them.
 */
public final class ClaimEvaluation {

    /** Settings that change the protocol: a claim is judged per level of them. */
    public static final List<String> PROTOCOL = List.of("correct_first", "preprocessing", "init", "lr");

    /** The opponent of a pooled comparison against the best of each cell. */
    public static final String BEST = "best of each cell";

    /**
     * A comparison's numbers, whichever kind: a paired difference, a difference of slopes or one
     * method's slope.
     *
     * @param n seeds paired (for a slope, the seeds behind it)
     * @param runs runs behind it (both sides)
     * @param estimate the mean paired difference, the slope difference or the slope
     * @param se its standard error
     * @param df the degrees of freedom of its t distribution
     * @param ci95Low the 95% CI (unadjusted)
     * @param ci95High the 95% CI
     * @param ci90Low the 90% CI (NaN for slopes)
     * @param ci90High the 90% CI (NaN for slopes)
     * @param test the claim's test of it
     * @param favour seeds where the method did better, ties, and where it did worse (-1 for slopes)
     * @param seedsNeeded a rough number of seeds for 80% power at the observed effect (-1: not known)
     */
    public record Effect(int n, int runs, double estimate, double se, double df, double ci95Low, double ci95High,
            double ci90Low, double ci90High, Hypothesis test, int[] favour, int seedsNeeded) {

        static Effect of(Claim claim, PairedComparison c, int runs) {
            return new Effect(c.n(), runs, c.meanDiff(), c.se(), c.n() - 1, c.ci95Low(), c.ci95High(), c.ci90Low(),
                    c.ci90High(), Hypothesis.of(claim.test(), claim.margin(), c.meanDiff(), c.se(), c.n() - 1),
                    new int[] {c.favourA(), c.ties(), c.favourB()}, c.seedsNeeded());
        }

        static Effect of(Claim claim, SlopeDifference s, int seeds) {
            return new Effect(seeds, s.nA() + s.nB(), s.difference(), s.se(), s.df(), s.ci95Low(), s.ci95High(),
                    Double.NaN, Double.NaN, Hypothesis.of(claim.test(), claim.margin(), s.difference(), s.se(), s.df()),
                    new int[] {-1, -1, -1}, -1);
        }

        static Effect of(Claim claim, Slope s, int seeds) {
            double df = s.points() - 2;
            double h = df >= 1 && Double.isFinite(s.se())
                    ? PairedComparison.student(df).inverseCumulativeProbability(0.975) * s.se() : Double.NaN;
            return new Effect(seeds, s.points(), s.slope(), s.se(), df, s.slope() - h, s.slope() + h, Double.NaN,
                    Double.NaN, Hypothesis.of(claim.test(), claim.margin(), s.slope(), s.se(), df),
                    new int[] {-1, -1, -1}, -1);
        }
    }

    /**
     * How the runs of one side of a comparison ended.
     *
     * @param method the side's method (or {@link #BEST})
     * @param runs its runs
     * @param stagnated of those, stopped because validation accuracy stopped improving
     * @param maxEpochs of those, stopped at max_epochs while still improving
     * @param diverged of those, diverged (counted at chance accuracy where they have no result)
     */
    public record Side(String method, int runs, int stagnated, int maxEpochs, int diverged) {

        static Side of(String method, List<RunOutcome> runs) {
            int stagnated = 0;
            int max = 0;
            int diverged = 0;
            for (RunOutcome r : runs) {
                if (r.diverged()) {
                    diverged++;
                } else if (RunOutcome.MAX_EPOCHS.equals(r.stopped())) {
                    max++;
                } else if (RunOutcome.STAGNATED.equals(r.stopped())) {
                    stagnated++;
                }
            }
            return new Side(method, runs.size(), stagnated, max, diverged);
        }

        /** More than half of its runs stopped at max_epochs while still improving. */
        public boolean tooShort() {
            return Verdict.tooShort(runs, maxEpochs);
        }
    }

    /**
     * The method against one opponent in one cell (or pooled over the cells).
     *
     * @param cell the values of the settings that make the cell (empty when pooled)
     * @param against the opponent (empty for a claim about the method's own slope)
     * @param selected the effect at the selected epoch
     * @param last the effect after the last epoch
     * @param holmP selected's p of the other way, Holm-adjusted over the comparisons the claim is
     *     judged on (NaN for a per-cell comparison of a pooled claim)
     * @param holmPLast the same for last
     * @param mine how the method's runs ended
     * @param theirs how the opponent's runs ended (null without an opponent)
     */
    public record Comparison(Map<String, Object> cell, String against, Effect selected, Effect last, double holmP,
            double holmPLast, Side mine, Side theirs) {

        /** The comparison's own word at the selected epoch, unadjusted ({@link Hypothesis#word}). */
        public Verdict verdict() {
            return selected.test().word();
        }

        /** The same at the last epoch. */
        public Verdict verdictLast() {
            return last.test().word();
        }

        /** Whether a side of it is too short. */
        public boolean tooShort() {
            return mine.tooShort() || (theirs != null && theirs.tooShort());
        }

        Comparison withHolm(double p, double pLast) {
            return new Comparison(cell, against, selected, last, p, pLast, mine, theirs);
        }
    }

    /**
     * One claim judged at one level of the protocol settings.
     *
     * @param claim the claim
     * @param level the protocol settings' values (empty when the sweep varies none)
     * @param comparisons every comparison per cell (for a claim that is not pooled, what it is judged on)
     * @param pooled for a pooled claim, the comparisons it is judged on, one per opponent; else empty
     * @param judgement the claim's word on the selected epoch
     * @param judgementLast the claim's word on the last epoch
     * @param weakest the judged comparison least in the claim's favour (for a contradicted claim the
     *     one that contradicts it most surely; null without comparisons)
     * @param runs the runs involved
     * @param hitMaxEpochs of those, the runs that trained max_epochs without stagnating
     * @param diverged of those, the runs that diverged
     * @param meanEpochs the epochs they trained, on average
     * @param sides how each method's runs in the claim ended, by method
     * @param dataset the data set (or "several")
     */
    public record ClaimResult(Claim claim, Map<String, Object> level, List<Comparison> comparisons,
            List<Comparison> pooled, Judgement judgement, Judgement judgementLast, Comparison weakest, int runs,
            int hitMaxEpochs, int diverged, double meanEpochs, Map<String, Side> sides, String dataset) {

        /** The comparisons the claim's word rests on: the pooled ones, or else every comparison. */
        public List<Comparison> judged() {
            return claim.pooled() ? pooled : comparisons;
        }

        /** m, the number of comparisons the claim's word rests on (and Holm adjusts over). */
        public int m() {
            return judged().size();
        }

        /** Whether the word differs between the selected and the last epoch. */
        public boolean selectionMatters() {
            return judgement.verdict() != judgementLast.verdict() || judgement.fromCi() != judgementLast.fromCi();
        }

        /** The fewest seeds behind a judged comparison. */
        public int seeds() {
            return judged().stream().mapToInt(c -> c.selected().n()).min().orElse(0);
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
        if (claim.test() == Claim.Test.GROWS) {
            cellKeys.remove(claim.along());
        }
        Set<RunOutcome> involved = new LinkedHashSet<>();
        List<Comparison> comparisons = new ArrayList<>();
        // For a pooled claim: per opponent, per cell, the two sides' runs.
        Map<String, List<List<RunOutcome>[]>> byOpponent = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, List<RunOutcome>> cell : group(runs, cellKeys).entrySet()) {
            List<RunOutcome> mine = ofMethod(cell.getValue(), claim.method());
            if (mine.isEmpty()) {
                continue;
            }
            involved.addAll(mine);
            if (!claim.test().hasOpponents()) {
                comparisons.add(ownSlope(claim, cell.getKey(), mine));
                continue;
            }
            for (String o : opponents(claim, cell.getValue())) {
                List<RunOutcome> theirs = ofMethod(cell.getValue(), o);
                involved.addAll(theirs);
                comparisons.add(claim.test() == Claim.Test.GROWS ? grows(claim, cell.getKey(), o, mine, theirs)
                        : compare(claim, cell.getKey(), o, mine, theirs));
                @SuppressWarnings("unchecked")
                List<RunOutcome>[] pair = new List[] {mine, theirs};
                byOpponent.computeIfAbsent(claim.best() ? BEST : o, k -> new ArrayList<>()).add(pair);
            }
        }
        List<Comparison> pooled = new ArrayList<>();
        if (claim.pooled()) {
            byOpponent.forEach((o, cells) -> pooled.add(pool(claim, o, cells)));
        }
        List<Comparison> judged = adjust(claim.pooled() ? pooled : comparisons);
        if (claim.pooled()) {
            pooled.clear();
            pooled.addAll(judged);
        } else {
            comparisons = judged;
        }
        boolean tooShort = judged.stream().anyMatch(Comparison::tooShort);
        Verdict word = aggregate(judged, false);
        Verdict wordLast = aggregate(judged, true);
        Map<String, Side> sides = new LinkedHashMap<>();
        involved.stream().map(r -> String.valueOf(r.config().get("method"))).distinct()
                .forEach(m -> sides.put(m, Side.of(m, ofMethod(List.copyOf(involved), m))));
        Object dataset = shared(involved, "dataset");
        return new ClaimResult(claim, level, comparisons, pooled, Judgement.of(word, tooShort),
                Judgement.of(wordLast, tooShort),
                word == Verdict.CONTRADICTED ? strongestAgainst(judged) : weakest(judged), involved.size(),
                (int) involved.stream().filter(r -> !r.diverged() && RunOutcome.MAX_EPOCHS.equals(r.stopped())).count(),
                (int) involved.stream().filter(RunOutcome::diverged).count(),
                involved.stream().mapToInt(RunOutcome::epochs).average().orElse(Double.NaN), sides,
                dataset == null ? "several" : String.valueOf(dataset));
    }

    /**
     * The opponents of a cell: each one the claim names that has runs there, or with {@code vs: best}
     * the one with the highest mean validation accuracy at the selected epochs (never the test set:
     * the same test numbers are what the claim is then judged on). None when no opponent has a
     * validation accuracy to choose on.
     */
    static List<String> opponents(Claim claim, List<RunOutcome> cell) {
        List<String> present = claim.against().stream().filter(o -> !ofMethod(cell, o).isEmpty()).toList();
        if (!claim.best()) {
            return present;
        }
        return present.stream().filter(o -> Double.isFinite(mean(ofMethod(cell, o), RunOutcome::selectedVal)))
                .max(Comparator.comparingDouble(o -> mean(ofMethod(cell, o), RunOutcome::selectedVal)))
                .map(List::of).orElse(List.of());
    }

    /** The method against one opponent in one cell. */
    private static Comparison compare(Claim claim, Map<String, Object> cell, String opponent, List<RunOutcome> mine,
            List<RunOutcome> theirs) {
        Effect sel = effect(claim, mine, theirs, selectedMetric(claim));
        Effect last = effect(claim, mine, theirs, lastMetric(claim));
        return new Comparison(cell, opponent, sel, last, Double.NaN, Double.NaN, Side.of(claim.method(), mine),
                Side.of(opponent, theirs));
    }

    /**
     * A grows claim in one cell: per seed, the method's paired difference from the opponent at the
     * largest value of the claim's axis minus the one at its smallest, tested for superiority.
     */
    private static Comparison grows(Claim claim, Map<String, Object> cell, String opponent, List<RunOutcome> mine,
            List<RunOutcome> theirs) {
        List<Double> values = mine.stream().map(r -> r.config().get(claim.along())).filter(v -> v instanceof Number)
                .map(v -> ((Number) v).doubleValue()).distinct().sorted().toList();
        Effect[] effects = new Effect[2];
        List<ToDoubleFunction<RunOutcome>> metrics = List.of(selectedMetric(claim), lastMetric(claim));
        for (int k = 0; k < 2; k++) {
            Map<Long, Double> high = Map.of();
            Map<Long, Double> low = Map.of();
            if (values.size() >= 2) {
                high = differences(claim, values.get(values.size() - 1), mine, theirs, metrics.get(k));
                low = differences(claim, values.get(0), mine, theirs, metrics.get(k));
            }
            effects[k] = Effect.of(claim, PairedComparison.of(high, low), mine.size() + theirs.size());
        }
        return new Comparison(cell, opponent, effects[0], effects[1], Double.NaN, Double.NaN, Side.of(claim.method(), mine),
                Side.of(opponent, theirs));
    }

    /** Per seed, method − opponent at one value of the claim's axis (seeds finite on both sides). */
    private static Map<Long, Double> differences(Claim claim, double value, List<RunOutcome> mine, List<RunOutcome> theirs,
            ToDoubleFunction<RunOutcome> metric) {
        java.util.function.Predicate<RunOutcome> at = r -> r.config().get(claim.along()) instanceof Number n
                && n.doubleValue() == value;
        Map<Long, Double> a = bySeed(mine.stream().filter(at).toList(), metric);
        Map<Long, Double> b = bySeed(theirs.stream().filter(at).toList(), metric);
        Map<Long, Double> d = new LinkedHashMap<>();
        a.forEach((seed, va) -> {
            Double vb = b.get(seed);
            if (vb != null && Double.isFinite(va) && Double.isFinite(vb)) {
                d.put(seed, va - vb);
            }
        });
        return d;
    }

    /** A slope-negative claim in one cell: the method's own slope against log₂ batch. */
    private static Comparison ownSlope(Claim claim, Map<String, Object> cell, List<RunOutcome> mine) {
        int seeds = seeds(mine).size();
        Effect sel = Effect.of(claim, Slope.fit(points(mine, selectedMetric(claim))), seeds);
        Effect last = Effect.of(claim, Slope.fit(points(mine, lastMetric(claim))), seeds);
        return new Comparison(cell, "", sel, last, Double.NaN, Double.NaN, Side.of(claim.method(), mine), null);
    }

    /**
     * One opponent pooled over the cells: per seed the mean over the cells of the method's and the
     * opponent's accuracy (so their difference is the mean of the per-cell differences), over the
     * seeds that have a result in every cell.
     */
    private static Comparison pool(Claim claim, String opponent, List<List<RunOutcome>[]> cells) {
        List<RunOutcome> mine = new ArrayList<>();
        List<RunOutcome> theirs = new ArrayList<>();
        for (List<RunOutcome>[] pair : cells) {
            mine.addAll(pair[0]);
            theirs.addAll(pair[1]);
        }
        Effect[] effects = new Effect[2];
        List<ToDoubleFunction<RunOutcome>> metrics = List.of(selectedMetric(claim), lastMetric(claim));
        for (int k = 0; k < 2; k++) {
            ToDoubleFunction<RunOutcome> metric = metrics.get(k);
            List<Map<Long, Double>> a = new ArrayList<>();
            List<Map<Long, Double>> b = new ArrayList<>();
            for (List<RunOutcome>[] pair : cells) {
                a.add(bySeed(pair[0], metric));
                b.add(bySeed(pair[1], metric));
            }
            effects[k] = Effect.of(claim, PairedComparison.of(meanOverCells(a, b), meanOverCells(b, a)),
                    mine.size() + theirs.size());
        }
        return new Comparison(Map.of(), opponent, effects[0], effects[1], Double.NaN, Double.NaN,
                Side.of(claim.method(), mine), Side.of(opponent, theirs));
    }

    /** Per seed, the mean of x over the cells, for the seeds finite in x and y in every cell. */
    private static Map<Long, Double> meanOverCells(List<Map<Long, Double>> x, List<Map<Long, Double>> y) {
        Map<Long, Double> out = new LinkedHashMap<>();
        seeds:
        for (Long seed : x.get(0).keySet()) {
            double sum = 0;
            for (int c = 0; c < x.size(); c++) {
                Double vx = x.get(c).get(seed);
                Double vy = y.get(c).get(seed);
                if (vx == null || vy == null || !Double.isFinite(vx) || !Double.isFinite(vy)) {
                    continue seeds;
                }
                sum += vx;
            }
            out.put(seed, sum / x.size());
        }
        return out;
    }

    /** Holm-adjusts the p's of the other way over the comparisons a claim is judged on. */
    private static List<Comparison> adjust(List<Comparison> judged) {
        double[] holm = Holm.adjust(judged.stream().mapToDouble(c -> c.selected().test().pAgainst()).toArray());
        double[] holmLast = Holm.adjust(judged.stream().mapToDouble(c -> c.last().test().pAgainst()).toArray());
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < judged.size(); i++) {
            out.add(judged.get(i).withHolm(holm[i], holmLast[i]));
        }
        return out;
    }

    /**
     * The claim's word from the comparisons it is judged on (Holm-adjusted already): contradicted
     * when one is significant the other way after Holm, supported when every one passes its own
     * test (intersection–union), inconclusive otherwise, and without comparisons.
     */
    static Verdict aggregate(List<Comparison> judged, boolean last) {
        if (judged.isEmpty()) {
            return Verdict.INCONCLUSIVE;
        }
        boolean all = true;
        boolean against = false;
        for (Comparison c : judged) {
            all &= (last ? c.last() : c.selected()).test().passes();
            against |= (last ? c.last() : c.selected()).test().against(last ? c.holmPLast() : c.holmP());
        }
        return against ? Verdict.CONTRADICTED : all ? Verdict.SUPPORTED : Verdict.INCONCLUSIVE;
    }

    /** For a contradicted claim, the comparison with the smallest Holm-adjusted p of the other way. */
    private static Comparison strongestAgainst(List<Comparison> comparisons) {
        return comparisons.stream().min(Comparator.comparingDouble(Comparison::holmP)).orElse(null);
    }

    /** The comparison least in the claim's favour: the largest p of its own test (NaN the largest). */
    private static Comparison weakest(List<Comparison> comparisons) {
        return comparisons.stream().max(Comparator.comparingDouble(c -> {
            double p = c.selected().test().p();
            return Double.isNaN(p) ? Double.POSITIVE_INFINITY : p;
        })).orElse(null);
    }

    private static ToDoubleFunction<RunOutcome> selectedMetric(Claim claim) {
        return Claim.RATIO_SPREAD.equals(claim.metric()) ? RunOutcome::ratioSpread : RunOutcome::selectedScore;
    }

    private static ToDoubleFunction<RunOutcome> lastMetric(Claim claim) {
        return Claim.RATIO_SPREAD.equals(claim.metric()) ? RunOutcome::ratioSpread : RunOutcome::finalScore;
    }

    private static Effect effect(Claim claim, List<RunOutcome> mine, List<RunOutcome> theirs, ToDoubleFunction<RunOutcome> metric) {
        if (claim.test().slope()) {
            Set<Long> seeds = seeds(mine);
            seeds.addAll(seeds(theirs));
            return Effect.of(claim, SlopeDifference.fit(points(mine, metric), points(theirs, metric)), seeds.size());
        }
        return Effect.of(claim, PairedComparison.of(bySeed(mine, metric), bySeed(theirs, metric)),
                mine.size() + theirs.size());
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
            m.put(seed(r), metric.applyAsDouble(r));
        }
        return m;
    }

    private static Set<Long> seeds(List<RunOutcome> runs) {
        Set<Long> s = new LinkedHashSet<>();
        runs.forEach(r -> s.add(seed(r)));
        return s;
    }

    private static long seed(RunOutcome r) {
        return ((Number) r.config().get("seed")).longValue();
    }

    private static List<RunOutcome> ofMethod(List<RunOutcome> runs, String method) {
        return runs.stream().filter(r -> method.equals(r.config().get("method"))).toList();
    }

    /** The mean of the finite values; NaN when there are none. */
    private static double mean(List<RunOutcome> runs, ToDoubleFunction<RunOutcome> metric) {
        return runs.stream().mapToDouble(metric).filter(Double::isFinite).average().orElse(Double.NaN);
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

    private static Object shared(Set<RunOutcome> runs, String key) {
        List<Object> values = runs.stream().map(r -> r.config().get(key)).filter(Objects::nonNull).distinct().toList();
        return values.size() == 1 ? values.get(0) : null;
    }
}
