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
 * {@code to} value (by default its largest) with the one at its {@code from} value (its smallest).
 *
 * <p>Claims over a setting (MATH.md §11): with {@code tuned: AXIS} each method is compared at its own
 * best value of the axis, chosen in each cell of the other settings on mean validation accuracy over
 * the seeds ({@link #bestValue}; the test set chooses nothing), and the values chosen are kept with
 * each comparison; with {@code metric: tuning-shortfall} each side's number per seed is its tuning
 * shortfall over the axis ({@link #shortfall}). Their axis, like a grows claim's, is compared over,
 * not a cell.
 *
 * <p>Settings that change the protocol rather than the network (correct_first, preprocessing, init,
 * lr) split a claim: it is judged once per level of them, unless the setting is the claim's own axis.
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
     * @param chosen for a tuned claim, each side's method → the value of the tuned axis chosen on
     *     validation in this cell (the method first); empty otherwise, and for a pooled comparison
     */
    public record Comparison(Map<String, Object> cell, String against, Effect selected, Effect last, double holmP,
            double holmPLast, Side mine, Side theirs, Map<String, Object> chosen) {

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

        Comparison withChosen(Map<String, Object> values) {
            return new Comparison(cell, against, selected, last, holmP, holmPLast, mine, theirs, values);
        }

        Comparison withHolm(double p, double pLast) {
            return new Comparison(cell, against, selected, last, p, pLast, mine, theirs, chosen);
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
        List<ClaimResult> out = new ArrayList<>();
        for (Claim claim : claims) {
            // the runs its where admits (opt: sgd, say), split by the protocol's levels except the claim's own
            // axis (lr tuned, say: compared over, not split by), what where fixes, and a setting the other
            // settings decide (lr given per optimiser: a grid over opt is one protocol)
            List<RunOutcome> admitted = results.runs().stream().filter(r -> claim.admits(r.config())).toList();
            List<String> protocol = varying.stream().filter(k -> PROTOCOL.contains(k) && !k.equals(claim.axis())
                    && !claim.where().containsKey(k) && !decided(k, admitted, varying)).toList();
            Map<Map<String, Object>, List<RunOutcome>> byLevel = group(admitted, protocol);
            for (Map.Entry<Map<String, Object>, List<RunOutcome>> level : byLevel.entrySet()) {
                out.add(evaluate(claim, level.getKey(), level.getValue(), varying));
            }
        }
        return out;
    }

    /**
     * Whether a setting takes one value wherever the other varying settings (method included, the
     * protocol's others and the seed not) take theirs: then it is part of those settings' design, not
     * a level of the protocol (a learning rate given per optimiser).
     */
    static boolean decided(String key, List<RunOutcome> runs, List<String> varying) {
        List<String> others = new ArrayList<>(varying);
        others.removeAll(PROTOCOL);
        others.remove("seed");
        others.add("method");
        Map<List<Object>, Set<Object>> values = new LinkedHashMap<>();
        for (RunOutcome r : runs) {
            List<Object> at = others.stream().map(k -> (Object) String.valueOf(r.config().get(k))).toList();
            values.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(r.config().get(key));
        }
        boolean someVary = others.stream().anyMatch(k -> !k.equals("method"));
        return someVary && values.values().stream().allMatch(v -> v.size() == 1);
    }

    private static ClaimResult evaluate(Claim claim, Map<String, Object> level, List<RunOutcome> runs, List<String> varying) {
        List<String> cellKeys = new ArrayList<>(varying);
        cellKeys.removeAll(PROTOCOL);
        cellKeys.remove("seed");
        if (claim.test().slope()) {
            cellKeys.remove("batch");
        }
        cellKeys.remove(claim.axis());
        Set<RunOutcome> involved = new LinkedHashSet<>();
        List<Comparison> comparisons = new ArrayList<>();
        // For a pooled claim: per opponent, per cell, the two sides' runs.
        Map<String, List<List<RunOutcome>[]>> byOpponent = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, List<RunOutcome>> cell : group(runs, cellKeys).entrySet()) {
            // a tuned claim's runs of each method at its chosen value only, which the choice records
            Map<String, Object> chosen = new LinkedHashMap<>();
            List<RunOutcome> compared = claim.tuned().isEmpty() ? cell.getValue() : atBest(claim, cell.getValue(), chosen);
            List<RunOutcome> mine = ofMethod(compared, claim.method());
            if (mine.isEmpty()) {
                continue;
            }
            involved.addAll(ofMethod(cell.getValue(), claim.method()));
            if (!claim.test().hasOpponents()) {
                comparisons.add(ownSlope(claim, cell.getKey(), mine));
                continue;
            }
            for (String o : opponents(claim, compared)) {
                List<RunOutcome> theirs = ofMethod(compared, o);
                involved.addAll(ofMethod(cell.getValue(), o));
                Comparison made = claim.test() == Claim.Test.GROWS ? grows(claim, cell.getKey(), o, mine, theirs)
                        : compare(claim, cell.getKey(), o, mine, theirs);
                if (!chosen.isEmpty()) {
                    Map<String, Object> both = new LinkedHashMap<>();
                    both.put(claim.method(), chosen.get(claim.method()));
                    both.put(o, chosen.get(o));
                    made = made.withChosen(both);
                }
                comparisons.add(made);
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
        // a diverged run counts at chance here too (MATH.md §10–11), not left out of its method's mean
        return present.stream().filter(o -> Double.isFinite(mean(ofMethod(cell, o), RunOutcome::selectedValScore)))
                .max(Comparator.comparingDouble(o -> mean(ofMethod(cell, o), RunOutcome::selectedValScore)))
                .map(List::of).orElse(List.of());
    }

    /**
     * A tuned claim's runs in one cell: of each method it names, the runs at the value of its tuned
     * axis with the highest mean validation accuracy over the seeds ({@link #bestValue}); each value
     * chosen is put in chosen (method → value). A method with no value to choose on is left out.
     */
    static List<RunOutcome> atBest(Claim claim, List<RunOutcome> cell, Map<String, Object> chosen) {
        List<String> named = new ArrayList<>(List.of(claim.method()));
        named.addAll(claim.against());
        List<RunOutcome> out = new ArrayList<>();
        for (String m : named) {
            List<RunOutcome> runs = ofMethod(cell, m);
            Object best = bestValue(claim.tuned(), runs);
            if (best != null) {
                chosen.put(m, best);
                runs.stream().filter(r -> Objects.equals(r.config().get(claim.tuned()), best)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The value of an axis with the highest mean, over the runs at it, of the validation accuracy at
     * each run's selected epoch ({@link RunOutcome#selectedValScore}: a diverged run at chance), never
     * of the test accuracy (MATH.md §11); a tie goes to the value the runs list first (the order they
     * were planned in, the grid's). Null when no value has a finite mean.
     */
    static Object bestValue(String axis, List<RunOutcome> runs) {
        Object best = null;
        double bestMean = Double.NaN;
        for (Map.Entry<Object, List<RunOutcome>> v : byValue(axis, runs).entrySet()) {
            double m = mean(v.getValue(), RunOutcome::selectedValScore);
            if (Double.isFinite(m) && (best == null || m > bestMean)) {
                best = v.getKey();
                bestMean = m;
            }
        }
        return best;
    }

    /**
     * One method's tuning shortfall over the claim's {@code over} axis, per seed (MATH.md §11): the
     * metric (test accuracy at the selected or the last epoch, a diverged run at chance) of the run at
     * the value that seed's validation accuracy picks ({@link RunOutcome#selectedValScore} at the
     * selected epoch, whichever metric; a tie to the value listed first), minus the metric's mean over
     * every value of the axis. Not the maximum over values of the test accuracy, which each method's
     * own noise biases upwards. A seed without a finite result at every value is left out.
     */
    static Map<Long, Double> shortfall(Claim claim, List<RunOutcome> runs, ToDoubleFunction<RunOutcome> metric) {
        Map<Object, List<RunOutcome>> values = byValue(claim.over(), runs);
        Map<Long, Double> out = new LinkedHashMap<>();
        seeds:
        for (Long seed : seeds(runs)) {
            RunOutcome picked = null;
            double sum = 0;
            for (List<RunOutcome> at : values.values()) {
                RunOutcome r = at.stream().filter(x -> seed(x) == seed).findFirst().orElse(null);
                if (r == null || !Double.isFinite(r.selectedValScore()) || !Double.isFinite(metric.applyAsDouble(r))) {
                    continue seeds;
                }
                if (picked == null || r.selectedValScore() > picked.selectedValScore()) {
                    picked = r;
                }
                sum += metric.applyAsDouble(r);
            }
            if (picked != null) {
                out.put(seed, metric.applyAsDouble(picked) - sum / values.size());
            }
        }
        return out;
    }

    /** Runs by their value of an axis, in the order the runs list the values. */
    private static Map<Object, List<RunOutcome>> byValue(String axis, List<RunOutcome> runs) {
        Map<Object, List<RunOutcome>> m = new LinkedHashMap<>();
        runs.forEach(r -> m.computeIfAbsent(r.config().get(axis), k -> new ArrayList<>()).add(r));
        return m;
    }

    /** The method against one opponent in one cell. */
    private static Comparison compare(Claim claim, Map<String, Object> cell, String opponent, List<RunOutcome> mine,
            List<RunOutcome> theirs) {
        Effect sel = effect(claim, mine, theirs, selectedMetric(claim));
        Effect last = effect(claim, mine, theirs, lastMetric(claim));
        return new Comparison(cell, opponent, sel, last, Double.NaN, Double.NaN, Side.of(claim.method(), mine),
                Side.of(opponent, theirs), Map.of());
    }

    /**
     * A grows claim in one cell: per seed, the method's paired difference from the opponent at the
     * claim's {@code to} value of its axis minus the one at its {@code from} value (by default the
     * largest and the smallest of a numeric axis: {@link Claim#ends}), tested for superiority.
     */
    private static Comparison grows(Claim claim, Map<String, Object> cell, String opponent, List<RunOutcome> mine,
            List<RunOutcome> theirs) {
        Object[] ends = claim.ends(mine.stream().map(r -> r.config().get(claim.along())).distinct().toList());
        Effect[] effects = new Effect[2];
        List<ToDoubleFunction<RunOutcome>> metrics = List.of(selectedMetric(claim), lastMetric(claim));
        for (int k = 0; k < 2; k++) {
            Map<Long, Double> high = Map.of();
            Map<Long, Double> low = Map.of();
            if (ends != null) {
                high = differences(claim, ends[1], mine, theirs, metrics.get(k));
                low = differences(claim, ends[0], mine, theirs, metrics.get(k));
            }
            effects[k] = Effect.of(claim, PairedComparison.of(high, low), mine.size() + theirs.size());
        }
        return new Comparison(cell, opponent, effects[0], effects[1], Double.NaN, Double.NaN, Side.of(claim.method(), mine),
                Side.of(opponent, theirs), Map.of());
    }

    /** Per seed, method − opponent at one value of the claim's axis (seeds finite on both sides). */
    private static Map<Long, Double> differences(Claim claim, Object value, List<RunOutcome> mine, List<RunOutcome> theirs,
            ToDoubleFunction<RunOutcome> metric) {
        java.util.function.Predicate<RunOutcome> at = r -> Claim.sameValue(value, r.config().get(claim.along()));
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
        return new Comparison(cell, "", sel, last, Double.NaN, Double.NaN, Side.of(claim.method(), mine), null, Map.of());
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
                a.add(perSeed(claim, pair[0], metric));
                b.add(perSeed(claim, pair[1], metric));
            }
            effects[k] = Effect.of(claim, PairedComparison.of(meanOverCells(a, b), meanOverCells(b, a)),
                    mine.size() + theirs.size());
        }
        return new Comparison(Map.of(), opponent, effects[0], effects[1], Double.NaN, Double.NaN,
                Side.of(claim.method(), mine), Side.of(opponent, theirs), Map.of());
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
        return Effect.of(claim, PairedComparison.of(perSeed(claim, mine, metric), perSeed(claim, theirs, metric)),
                mine.size() + theirs.size());
    }

    /**
     * One side's number per seed in a cell: the metric of its run, or for a tuning-shortfall claim
     * its shortfall over the axis's values.
     */
    private static Map<Long, Double> perSeed(Claim claim, List<RunOutcome> runs, ToDoubleFunction<RunOutcome> metric) {
        return Claim.TUNING_SHORTFALL.equals(claim.metric()) ? shortfall(claim, runs, metric) : bySeed(runs, metric);
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
