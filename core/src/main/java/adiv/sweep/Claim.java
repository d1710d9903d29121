package adiv.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a sweep tests, declared in its spec under {@code claims:} as comparisons its report evaluates
 * (MATH.md §10). Each compares one method's runs with other methods' runs of the same seed in every
 * cell of the sweep (every combination of the settings it varies, the method and seed apart):
 *
 * <pre>
 * claims:
 *   - id: affine-like-not-worse
 *     says: affine-like performs similarly or better than each normaliser
 *     paper: "the affine-like map ... performs similarly or better"   # the paper's own sentence
 *     method: affine-like
 *     against: [batchnorm, layernorm, rmsnorm]
 *     test: not-worse
 *     margin: 0.01
 * </pre>
 *
 * <p>Every key a claim may have, the values it takes, what it means, whether it is required and for
 * which tests, and every word of {@code test:} with what it claims, are in README.md's table of a
 * claim's keys (section "The verdict"), which {@link #keysMarkdown} writes from {@link Key} and
 * {@link Test} and a test compares with README. The parser reads only the keys of {@link Key} (any
 * other is refused with their list), so a key it reads has a row in that table. Which runs a claim
 * needs is checked against the grid when the spec is read ({@link SweepSpec}).
 *
 * @param id a short name
 * @param says the claim in words
 * @param paper the paper's own sentence the claim tests, quoted; empty when the spec gives none
 * @param method the method the claim is about
 * @param against the methods it is compared with (empty for {@code slope-negative})
 * @param test what is claimed
 * @param best whether it is compared with the best opponent of each cell only
 * @param margin the non-inferiority or equivalence margin (accuracy, e.g. 0.01 for one point), NaN otherwise
 * @param pooled whether it is judged on each seed's mean difference over the cells
 * @param along for {@code grows}, the setting the method's advantage is claimed to grow along; else empty
 * @param metric what is compared: {@link #ACCURACY}, {@link #RATIO_SPREAD} or {@link #TUNING_SHORTFALL}
 * @param testName the test as the spec names it ({@code lower} where {@link #test} is {@link Test#WORSE}),
 *     for printing the claim back in the spec's words
 * @param tuned the axis each method is compared at its own best value of, chosen on validation
 *     (MATH.md §11); else empty
 * @param over for {@link #TUNING_SHORTFALL}, the axis whose values the shortfall is taken over; else empty
 * @param from for {@code grows}, the value of {@link #along} whose lead is subtracted (a number or a
 *     word, as the spec writes it); null for the axis's smallest value
 * @param to for {@code grows}, the value whose lead is claimed larger; null for the axis's largest value
 * @param where settings the claim's runs must have (e.g. {@code opt: sgd}): it is judged on those
 *     runs alone; empty for every run
 */
public record Claim(String id, String says, String paper, String method, List<String> against, Test test, boolean best,
        double margin, boolean pooled, String along, String metric, String testName, String tuned, String over,
        Object from, Object to, Map<String, Object> where) {

    /** Test accuracy at the epoch selected on validation (and after the last epoch). */
    public static final String ACCURACY = "accuracy";
    /**
     * The probe's measured spread across the batch of each sample's step ratio (the coefficient of
     * variation over the samples of ⟨Δz_s, −g_s⟩/(η‖g_s‖²), Δz the optimiser's actual update),
     * averaged over a run's records. Under Adam whether a corrected map keeps it small is an open
     * question, so the claim can fail; the analytic K_ss of the corrections is constant by
     * construction and would make a claim that cannot.
     */
    public static final String RATIO_SPREAD = "ratio-spread";
    /**
     * How much a method loses when the value of an axis ({@code over}) is not tuned (MATH.md §11): per
     * seed, the test accuracy at the value that seed's validation accuracy picks minus the mean test
     * accuracy over the axis's values.
     */
    public static final String TUNING_SHORTFALL = "tuning-shortfall";
    /** The older name of {@link #RATIO_SPREAD}, still read in specs written before it. */
    static final String OLD_RATIO_SPREAD = "kss-spread";

    /** Where an error about a claim's keys sends its reader. */
    static final String SEE_README = "see the table of a claim's keys in README.md (section \"The verdict\")";

    /** Whether a claim must have a key. */
    enum Need {
        /** Every claim has it. */
        ALWAYS,
        /** A claim whose test it applies to must have it; any other is refused it. */
        FOR_ITS_TESTS,
        /** It may be left out, for its default; its one other value only where it applies. */
        OPTIONAL,
        /**
         * A claim of the metric the key goes with ({@link Key#metric}) must have it, and that metric is
         * taken only by the tests it applies to; any other claim is refused it.
         */
        FOR_ITS_METRIC
    }

    /**
     * The keys a claim may have, in the order of README's table ({@link #keysMarkdown}). The parser
     * reads a claim's keys only through these and refuses any other key with their list, so a key
     * the parser reads is a row of the table; which tests a key applies to is the one predicate the
     * parser checks and the table prints.
     */
    public enum Key {
        ID(Need.ALWAYS, "a short name, e.g. `affine-like-not-worse`",
                "names the claim in the report, on the verdict page and in errors"),
        SAYS(Need.ALWAYS, "text", "the claim in words, as the report prints it"),
        PAPER(Need.OPTIONAL, "text, in quotes (a sentence may hold a `:`)",
                "the paper's own sentence the claim tests, quoted beside its verdict", "none", null, t -> true),
        METHOD(Need.ALWAYS, "a method name: built in (`./adiv methods` lists them) or the spec's own `methods:`",
                "the method the claim is about; the grid must train it"),
        TEST(Need.ALWAYS, "a word of the next table", "what is claimed, and so which of the keys below it needs"),
        AGAINST(Need.FOR_ITS_TESTS, "a list of method names, e.g. `[batchnorm, layernorm]`",
                "the opponents: the method is compared with each in every cell, runs of the same seed paired;"
                        + " the grid must train them",
                null, null, Test::hasOpponents),
        MARGIN(Need.FOR_ITS_TESTS, "a number above 0, in accuracy (`0.01` is one point)",
                "the margin of non-inferiority or equivalence, stated before the runs", null, null, Test::needsMargin),
        ALONG(Need.FOR_ITS_TESTS, "a grid axis of at least two values for the method's runs, e.g. `width` or `opt`",
                "the setting along which the method's lead is claimed to grow: compared at `to` and at `from`",
                null, null, t -> t == Test.GROWS),
        FROM(Need.OPTIONAL, "a value of `along`'s axis, e.g. `32` or `adam`",
                "the value whose lead is subtracted: per seed, the lead at `to` minus the lead at `from`",
                "the axis's smallest value; an axis of words needs it", null, t -> t == Test.GROWS),
        TO(Need.OPTIONAL, "another value of `along`'s axis, e.g. `256` or `sgd`",
                "the value where the lead is claimed larger (either direction: `from: 256, to: 32` claims it grows as"
                        + " the axis shrinks)",
                "the axis's largest value; an axis of words needs it", null, t -> t == Test.GROWS),
        VS(Need.OPTIONAL, "`each` or `best`",
                "`each`: one comparison per opponent; `best`: in each cell only the opponent with the highest mean"
                        + " validation accuracy (never the test set; the runs need a validation split)",
                "`each`", "`best`", Test::hasOpponents),
        TUNED(Need.OPTIONAL, "a grid axis of at least two values for each of the claim's methods, e.g. `lr`",
                "each method compared at its own best value of the axis: in each cell of the other settings, the value"
                        + " with the highest mean validation accuracy over the seeds (a diverged run at chance; a tie to"
                        + " the value listed first; never the test set, and the runs need a validation split); the"
                        + " report shows the values chosen. Not with `metric: tuning-shortfall`",
                "none", null, t -> !t.slope() && t != Test.GROWS),
        POOLED(Need.OPTIONAL, "`true` or `false`",
                "`true` (\"tends to\"): judged once per opponent, per seed on the mean of the paired differences over"
                        + " the cells, instead of in every cell",
                "`false`", "`true`", t -> !t.slope() && t != Test.GROWS),
        METRIC(Need.OPTIONAL, "`accuracy`, `ratio-spread` (`kss-spread`, its older name, reads as it) or `"
                + TUNING_SHORTFALL + "`",
                "`accuracy`: test accuracy at the epoch selected on validation (the last epoch's beside it);"
                        + " `ratio-spread`: each run's mean, over its probe records, of the measured spread across the"
                        + " batch of each sample's step ratio (the runs need `probe_every`); `" + TUNING_SHORTFALL + "`:"
                        + " per seed, the test accuracy at the value of `over` that seed's validation accuracy picks,"
                        + " minus the mean over the axis's values (\"relies on tuning less\" is `lower`)",
                "`accuracy`", "`ratio-spread`", t -> !t.slope() && !t.needsMargin()),
        OVER(Need.FOR_ITS_METRIC, "a grid axis of at least two values for each of the claim's methods, e.g. `lr`",
                "the axis a tuning shortfall is taken over (the runs need a validation split)", TUNING_SHORTFALL,
                t -> t == Test.WORSE),
        WHERE(Need.OPTIONAL, "a mapping of settings to one value each, e.g. `{opt: sgd}` or `{lr: 0.001}`",
                "the claim is judged on the runs with these settings alone (the probe's claim under SGD, a comparison"
                        + " at one learning rate); each must be a value the grid trains the claim's methods at",
                "every run", null, t -> true);

        private final Need need;
        private final String values;
        private final String meaning;
        private final String fallback;
        private final String restricted;
        private final Predicate<Test> applies;
        private final String metric;

        Key(Need need, String values, String meaning) {
            this(need, values, meaning, null, null, t -> true);
        }

        Key(Need need, String values, String meaning, String fallback, String restricted, Predicate<Test> applies) {
            this(need, values, meaning, fallback, restricted, null, applies);
        }

        /** A {@link Need#FOR_ITS_METRIC} key: required with that metric, which the tests of applies take. */
        Key(Need need, String values, String meaning, String metric, Predicate<Test> applies) {
            this(need, values, meaning, null, null, metric, applies);
        }

        private Key(Need need, String values, String meaning, String fallback, String restricted, String metric,
                Predicate<Test> applies) {
            this.need = need;
            this.values = values;
            this.meaning = meaning;
            this.fallback = fallback;
            this.restricted = restricted;
            this.metric = metric;
            this.applies = applies;
        }

        /** For a {@link Need#FOR_ITS_METRIC} key, the metric that needs it; null for others. */
        public String metric() {
            return metric;
        }

        /** The key as a spec writes it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether a claim must have it. */
        Need need() {
            return need;
        }

        /** README's words for its value when left out ("`each`"), or null for a key that must be given. */
        String fallback() {
            return fallback;
        }

        /** README's words for the value it takes only where it applies ("`best`"), or null. */
        String restricted() {
            return restricted;
        }

        /**
         * Whether it applies to a claim of this test: a {@link Need#FOR_ITS_TESTS} key is required
         * there and refused elsewhere; an {@link Need#OPTIONAL} key takes its other value only there.
         */
        public boolean appliesTo(Test test) {
            return applies.test(test);
        }

        /** The claim's value of this key, or null when it has none. */
        JsonNode in(JsonNode claim) {
            return claim.get(word());
        }

        /** Whether the claim has this key, a null value included. */
        boolean given(JsonNode claim) {
            return claim.has(word());
        }

        /** README's "required" cell: "yes", "for `grows` (refused for other tests)", "no (default `each`); ...". */
        String required() {
            List<Test> yes = Test.where(applies);
            List<Test> no = Test.where(applies.negate());
            return switch (need) {
                case ALWAYS -> "yes";
                case FOR_ITS_TESTS -> no.size() < yes.size() ? "yes, except for " + Test.words(no, "and") + " (refused there)"
                        : "yes for " + Test.words(yes, "and") + " (refused for other tests)";
                case OPTIONAL -> "no (default: " + fallback + ")" + (no.isEmpty() ? ""
                        : "; " + (restricted == null ? "" : restricted + " ") + (no.size() < yes.size()
                                ? "not for " + Test.words(no, "or") : "only for " + Test.words(yes, "or")))
                        + (this == METRIC ? "; " + OVER.metricRule() : "");
                case FOR_ITS_METRIC -> "yes for `metric: " + metric + "` (refused without it)";
            };
        }

        /** "`tuning-shortfall` only for `worse`/`lower`, with `over`": the metric a FOR_ITS_METRIC key goes with. */
        private String metricRule() {
            return "`" + metric + "` only for " + Test.words(Test.where(applies), "or") + ", with `" + word() + "`";
        }
    }

    /** The keys a claim may have, as a spec writes them. */
    static List<String> keys() {
        return Arrays.stream(Key.values()).map(Key::word).toList();
    }

    /** The keys every claim has: "id, says, method and test". */
    static String alwaysKeys() {
        return join(Arrays.stream(Key.values()).filter(k -> k.need() == Need.ALWAYS).map(Key::word).toList(), "and");
    }

    /**
     * README's table of a claim's keys and, after it, the table of {@code test:}'s words (README.md,
     * between {@code <!-- claim keys: begin -->} and {@code <!-- claim keys: end -->}; a test checks it).
     */
    public static String keysMarkdown() {
        StringBuilder t = new StringBuilder("| key | values | required | what it means |\n|---|---|---|---|\n");
        for (Key k : Key.values()) {
            t.append("| `").append(k.word()).append("` | ").append(k.values).append(" | ").append(k.required())
                    .append(" | ").append(k.meaning).append(" |\n");
        }
        t.append("\n| `test:` | what is claimed | keys it needs besides ").append(alwaysKeys()).append(" |\n|---|---|---|\n");
        for (Test test : Test.values()) {
            List<String> needs = Arrays.stream(Key.values())
                    .filter(k -> k.need() == Need.FOR_ITS_TESTS && k.appliesTo(test)).map(k -> "`" + k.word() + "`").toList();
            List<String> withMetric = Arrays.stream(Key.values())
                    .filter(k -> k.need() == Need.FOR_ITS_METRIC && k.appliesTo(test))
                    .map(k -> "with `metric: " + k.metric() + "`, `" + k.word() + "`").toList();
            t.append("| ").append(Test.words(List.of(test), "or")).append(" | ").append(test.meaning).append(" | ")
                    .append(needs.isEmpty() ? "none" : String.join(", ", needs))
                    .append(withMetric.isEmpty() ? "" : "; " + String.join("; ", withMetric)).append(" |\n");
        }
        return t.toString();
    }

    /** "a", "a and b", "a, b or c", with the conjunction given. */
    private static String join(List<String> words, String conjunction) {
        return words.size() < 2 ? String.join("", words)
                : String.join(", ", words.subList(0, words.size() - 1)) + " " + conjunction + " " + words.get(words.size() - 1);
    }

    /** What a claim asserts (MATH.md §10). */
    public enum Test {
        BETTER(1, false, false, "higher", "superiority: the paired difference, method − opponent (runs of the same seed,"
                + " in every cell), is claimed above 0; `higher` says it of a number that is not an accuracy"
                + " (`metric: ratio-spread`)"),
        WORSE(-1, false, false, "lower", "superiority the other way: the paired difference is claimed below 0; `lower`"
                + " says it of a number that is not an accuracy"),
        NOT_WORSE(1, false, true, null, "non-inferiority (\"performs similarly or better\"): the paired difference is"
                + " claimed above −margin; a method better by more than the margin passes"),
        EQUIVALENT(0, false, true, null, "the paired difference is claimed within ±margin (two one-sided tests)"),
        SLOPE_LOWER(-1, true, false, null, "the method's slope of accuracy against log₂ batch is claimed lower than the"
                + " opponent's (one regression with an interaction term; the grid must vary `batch`)"),
        SLOPE_HIGHER(1, true, false, null, "the method's slope of accuracy against log₂ batch is claimed higher than the"
                + " opponent's (the grid must vary `batch`)"),
        SLOPE_NEGATIVE(-1, true, false, null, "the method's own slope of accuracy against log₂ batch is claimed below 0;"
                + " it has no opponents (the grid must vary `batch`)"),
        GROWS(1, false, false, null, "the method's lead over the opponent is claimed larger at `to` (by default the"
                + " largest value of `along`) than at `from` (its smallest): per seed, the paired difference at `to`"
                + " minus the one at `from`, tested for superiority");

        private final int sign;
        private final boolean slope;
        private final boolean margin;
        /** Another word read as this test, or null. */
        private final String alias;
        private final String meaning;

        Test(int sign, boolean slope, boolean margin, String alias, String meaning) {
            this.sign = sign;
            this.slope = slope;
            this.margin = margin;
            this.alias = alias;
            this.meaning = meaning;
        }

        /**
         * +1 when the claimed difference (method − opponent, or a slope) is positive, −1 negative, 0
         * for equivalence; for non-inferiority +1 (the difference is claimed above −margin).
         */
        public int sign() {
            return sign;
        }

        /** Whether the claim is about the slope against log₂ batch. */
        public boolean slope() {
            return slope;
        }

        /** Whether the test needs a margin stated in advance. */
        public boolean needsMargin() {
            return margin;
        }

        /** Whether the claim compares the method with opponents (all but slope-negative). */
        public boolean hasOpponents() {
            return this != SLOPE_NEGATIVE;
        }

        /** The spec's word for it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Its word with its article, for errors: "a not-worse", "an equivalent". */
        String a() {
            return ("aeiou".indexOf(word().charAt(0)) >= 0 ? "an " : "a ") + word();
        }

        /** README's words for tests: "`better`/`higher`, `not-worse` or `grows`", with "and" or "or". */
        static String words(List<Test> tests, String conjunction) {
            return join(tests.stream().map(t -> "`" + t.word() + "`" + (t.alias == null ? "" : "/`" + t.alias + "`"))
                    .toList(), conjunction);
        }

        /** An error's words for tests: "better (or higher), not-worse and grows", with "and" or "or". */
        static String plain(List<Test> tests, String conjunction) {
            return join(tests.stream().map(t -> t.word() + (t.alias == null ? "" : " (or " + t.alias + ")")).toList(),
                    conjunction);
        }

        /** The tests a key applies to, or does not. */
        static List<Test> where(Predicate<Test> p) {
            return Arrays.stream(values()).filter(p).toList();
        }

        static Test parse(String where, String word) {
            for (Test t : values()) {
                if (t.word().equals(word) || word.equals(t.alias)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(where + ": unknown test '" + word + "': expected "
                    + plain(List.of(values()), "or") + "; " + SEE_README);
        }
    }

    /**
     * Reads the {@code claims:} list of a spec.
     *
     * @param methods the spec's methods (built-in and its own), to check the names against
     */
    static List<Claim> parse(String source, JsonNode node, Map<String, adiv.maps.Method> methods) {
        List<Claim> claims = new ArrayList<>();
        if (node == null) {
            return claims;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(source + ": claims: expected a list of claims");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String where = source + ": claims[" + i + "]";
            if (!c.isObject()) {
                throw new IllegalArgumentException(where + ": expected a mapping of a claim's keys, " + alwaysKeys()
                        + " and those its test needs; " + SEE_README);
            }
            c.fieldNames().forEachRemaining(k -> {
                if (!keys().contains(k)) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "': expected one of "
                            + String.join(", ", keys()) + "; " + SEE_README);
                }
            });
            String method = text(where, c, Key.METHOD);
            requireMethod(where + ".method", method, methods);
            String testName = text(where, c, Key.TEST);
            Test test = Test.parse(where + ".test", testName);
            JsonNode a = Key.AGAINST.in(c);
            List<String> against = new ArrayList<>();
            if (Key.AGAINST.appliesTo(test)) {
                if (a == null) {
                    throw missing(where, Key.AGAINST, test.a() + " claim needs a non-empty list of methods to"
                            + " compare with");
                }
                if (!a.isArray() || a.isEmpty()) {
                    throw new IllegalArgumentException(where + ".against: expected a non-empty list of methods");
                }
                for (JsonNode m : a) {
                    requireMethod(where + ".against", m.asText(), methods);
                    against.add(m.asText());
                }
            } else if (a != null && !(a.isArray() && a.isEmpty())) {
                throw new IllegalArgumentException(where + ".against: " + test.a()
                        + " claim is about the method's own slope and has no opponents; remove against");
            }
            JsonNode v = Key.VS.in(c);
            String vs = v != null && !v.isNull() ? v.asText() : "each";
            if (!vs.equals("each") && !vs.equals("best")) {
                throw new IllegalArgumentException(where + ".vs: expected each or best, got '" + vs + "'");
            }
            if (vs.equals("best") && !Key.VS.appliesTo(test)) {
                throw new IllegalArgumentException(where + ".vs: " + test.a() + " claim has no opponents to choose from");
            }
            double margin = Double.NaN;
            JsonNode mg = Key.MARGIN.in(c);
            if (Key.MARGIN.appliesTo(test)) {
                String needs = test.a() + " claim needs a positive margin stated in advance (accuracy, e.g. 0.01"
                        + " for one point)";
                if (mg == null) {
                    throw missing(where, Key.MARGIN, needs);
                }
                if (!mg.isNumber() || !(mg.asDouble() > 0)) {
                    throw new IllegalArgumentException(where + ".margin: " + needs);
                }
                margin = mg.asDouble();
            } else if (Key.MARGIN.given(c)) {
                throw new IllegalArgumentException(where + ".margin: only " + Test.plain(Test.where(Key.MARGIN::appliesTo),
                        "and") + " claims have a margin");
            }
            boolean pooled = false;
            if (Key.POOLED.given(c)) {
                if (!Key.POOLED.in(c).isBoolean()) {
                    throw new IllegalArgumentException(where + ".pooled: expected true or false");
                }
                pooled = Key.POOLED.in(c).asBoolean();
                if (pooled && !Key.POOLED.appliesTo(test)) {
                    throw new IllegalArgumentException(where + ".pooled: " + (test.slope()
                            ? "a slope claim fits every batch size already; pooling applies to paired comparisons"
                            : test.a() + " claim compares the ends of its axis in each cell; it is not pooled"));
                }
            }
            JsonNode p = Key.PAPER.in(c);
            String paper = p != null && !p.isNull() ? text(where, c, Key.PAPER) : "";
            String along = "";
            if (Key.ALONG.appliesTo(test)) {
                if (Key.ALONG.in(c) == null) {
                    throw missing(where, Key.ALONG, test.a() + " claim needs the grid axis along which the"
                            + " method's lead grows, e.g. width");
                }
                along = text(where, c, Key.ALONG);
            } else if (Key.ALONG.given(c)) {
                throw new IllegalArgumentException(where + ".along: only a grows claim has an axis to grow along");
            }
            Object from = null;
            Object to = null;
            for (Key end : List.of(Key.FROM, Key.TO)) {
                JsonNode e = end.in(c);
                if (e == null || e.isNull()) {
                    continue;
                }
                if (!end.appliesTo(test)) {
                    throw new IllegalArgumentException(where + "." + end.word() + ": only a grows claim compares its lead"
                            + " at two values of its axis (from and to)");
                }
                if (!e.isNumber() && !(e.isTextual() && !e.asText().isBlank())) {
                    throw new IllegalArgumentException(where + "." + end.word() + ": expected a value of "
                            + along + "'s axis, a number or a word");
                }
                Object value = e.isIntegralNumber() ? (Object) e.asLong() : e.isNumber() ? (Object) e.asDouble() : e.asText();
                if (end == Key.FROM) {
                    from = value;
                } else {
                    to = value;
                }
            }
            if (from != null && to != null && sameValue(from, to)) {
                throw new IllegalArgumentException(where + ".to: from and to are the same value (" + to + "); a lead"
                        + " grows between two values");
            }
            JsonNode mt = Key.METRIC.in(c);
            String metric = mt != null && !mt.isNull() ? mt.asText() : ACCURACY;
            metric = metric.equals(OLD_RATIO_SPREAD) ? RATIO_SPREAD : metric;
            if (!metric.equals(ACCURACY) && !metric.equals(RATIO_SPREAD) && !metric.equals(TUNING_SHORTFALL)) {
                throw new IllegalArgumentException(where + ".metric: expected accuracy, ratio-spread or " + TUNING_SHORTFALL
                        + ", got '" + metric + "'");
            }
            if (metric.equals(RATIO_SPREAD) && !Key.METRIC.appliesTo(test)) {
                throw new IllegalArgumentException(where + ".metric: a ratio-spread claim's test is "
                        + Test.plain(Test.where(Key.METRIC::appliesTo), "or") + "; " + test.word() + " compares accuracy");
            }
            if (metric.equals(TUNING_SHORTFALL) && !Key.OVER.appliesTo(test)) {
                throw new IllegalArgumentException(where + ".metric: a " + TUNING_SHORTFALL + " claim's test is "
                        + Test.plain(Test.where(Key.OVER::appliesTo), "or") + " (a method that relies on tuning less"
                        + " loses less untuned), not " + testName);
            }
            String over = "";
            if (metric.equals(TUNING_SHORTFALL)) {
                if (Key.OVER.in(c) == null) {
                    throw missing(where, Key.OVER, "a " + TUNING_SHORTFALL + " claim needs the grid axis it is taken over,"
                            + " e.g. lr");
                }
                over = text(where, c, Key.OVER);
            } else if (Key.OVER.given(c)) {
                throw new IllegalArgumentException(where + ".over: only a metric: " + TUNING_SHORTFALL + " claim has an"
                        + " axis to take its shortfall over");
            }
            String tuned = "";
            JsonNode tu = Key.TUNED.in(c);
            if (tu != null && !tu.isNull()) {
                if (!Key.TUNED.appliesTo(test)) {
                    throw new IllegalArgumentException(where + ".tuned: only " + Test.plain(Test.where(Key.TUNED::appliesTo),
                            "and") + " claims compare each method at its own best value of an axis");
                }
                if (metric.equals(TUNING_SHORTFALL)) {
                    throw new IllegalArgumentException(where + ".tuned: a " + TUNING_SHORTFALL + " claim picks the value"
                            + " of its axis per seed itself (over); remove tuned");
                }
                tuned = text(where, c, Key.TUNED);
            }
            Map<String, Object> only = new java.util.LinkedHashMap<>();
            JsonNode wh = Key.WHERE.in(c);
            if (wh != null && !wh.isNull()) {
                if (!wh.isObject() || wh.isEmpty()) {
                    throw new IllegalArgumentException(where + ".where: expected a mapping of settings to one value each,"
                            + " e.g. {opt: sgd}");
                }
                for (var it = wh.fields(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode value = e.getValue();
                    if (!value.isValueNode() || value.isNull()) {
                        throw new IllegalArgumentException(where + ".where." + e.getKey() + ": expected one value");
                    }
                    if (e.getKey().equals("method") || e.getKey().equals("seed") || e.getKey().equals(along)
                            || e.getKey().equals(tuned) || e.getKey().equals(over)) {
                        throw new IllegalArgumentException(where + ".where." + e.getKey() + ": a claim compares over its "
                                + e.getKey() + "; where fixes the other settings");
                    }
                    only.put(e.getKey(), value.isIntegralNumber() ? (Object) value.asLong()
                            : value.isNumber() ? (Object) value.asDouble() : value.isBoolean() ? (Object) value.asBoolean()
                            : value.asText());
                }
            }
            claims.add(new Claim(text(where, c, Key.ID), text(where, c, Key.SAYS), paper, method, List.copyOf(against), test,
                    vs.equals("best"), margin, pooled, along, metric, testName, tuned, over, from, to,
                    java.util.Collections.unmodifiableMap(only)));
        }
        return claims;
    }

    /** Whether a run's settings have every value {@link #where} names. */
    public boolean admits(Map<String, Object> config) {
        return where.entrySet().stream().allMatch(e -> sameValue(config.get(e.getKey()), e.getValue()));
    }

    /**
     * The axis the claim compares over rather than judging in each of its values: {@link #along},
     * {@link #tuned} or {@link #over}; empty when it has none.
     */
    public String axis() {
        return !along.isEmpty() ? along : !tuned.isEmpty() ? tuned : over;
    }

    /**
     * A grows claim's two values of its axis, {from, to}: as the spec gives them, else the smallest
     * and the largest of the axis's values when they are all numbers; null when they cannot be told
     * (an end left out on an axis of words, or fewer than two values).
     *
     * @param values the axis's values among the runs
     */
    public Object[] ends(List<?> values) {
        List<?> numbers = values.stream().filter(v -> v instanceof Number).sorted(
                java.util.Comparator.comparingDouble(v -> ((Number) v).doubleValue())).toList();
        boolean numeric = values.size() >= 2 && numbers.size() == values.size();
        Object f = from != null ? from : numeric ? numbers.get(0) : null;
        Object t = to != null ? to : numeric ? numbers.get(numbers.size() - 1) : null;
        return f == null || t == null ? null : new Object[] {f, t};
    }

    /**
     * Whether a value the spec writes and a value of the runs are the same setting: equal numbers
     * (32 and 32.0 alike), else equal text.
     */
    public static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a != null && b != null && String.valueOf(a).equals(String.valueOf(b));
    }

    /** A claim's text value of a key it must have. */
    private static String text(String where, JsonNode c, Key key) {
        JsonNode v = key.in(c);
        if (v == null) {
            throw missing(where, key, "every claim has " + alwaysKeys());
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + key.word() + ": expected a value");
        }
        return v.asText();
    }

    /** The error for a key a claim must have and lacks, naming the key and README's table. */
    private static IllegalArgumentException missing(String where, Key key, String why) {
        return new IllegalArgumentException(where + ": missing key '" + key.word() + "': " + why + "; " + SEE_README);
    }

    private static void requireMethod(String where, String name, Map<String, adiv.maps.Method> methods) {
        if (!methods.containsKey(name)) {
            throw new IllegalArgumentException(where + ": unknown method '" + name + "': expected one of "
                    + String.join(", ", methods.keySet()));
        }
    }
}
