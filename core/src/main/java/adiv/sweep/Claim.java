package adiv.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 *     test: not-worse         # better | worse | not-worse | equivalent | slope-lower | slope-higher
 *                             # | slope-negative | grows (higher/lower: better/worse for a number
 *                             # that is not an accuracy)
 *     vs: each                # each opponent (default), or best: the best of them in each cell,
 *                             # chosen on validation accuracy
 *     margin: 0.01            # not-worse and equivalent: the margin stated in advance
 *     pooled: false           # true: judged on each seed's mean difference over the cells ("tends to")
 *     along: width            # grows only: the axis the advantage is claimed to grow along
 *     metric: accuracy        # or ratio-spread: the probe's measured spread of the step ratio
 * </pre>
 *
 * {@code better}/{@code worse} (superiority): the paired difference of test accuracy (at the
 * selected epoch) is claimed positive/negative. {@code not-worse} (non-inferiority, what "performs
 * similarly or better" claims): it is claimed above −margin; a method better by more than the margin
 * passes. {@code equivalent}: it is claimed within ±margin (two one-sided tests). {@code slope-lower}
 * / {@code slope-higher}: the slope of accuracy against log₂ batch is claimed lower/higher than the
 * opponent's (the sweep must vary batch). {@code slope-negative}: the method's own slope is claimed
 * negative; it has no opponents. {@code grows} (with {@code along: width}): the method's advantage
 * over the opponent is claimed larger at the axis's largest value than at its smallest (per seed,
 * the difference of the two paired differences, tested for superiority). With {@code metric: ratio-spread} the compared number is a run's mean,
 * over its probe records, of the measured spread across the batch of each sample's step ratio (the
 * sweep must probe: {@code probe_every}). Which runs a claim needs is checked against the grid when
 * the spec is read ({@link SweepSpec}).
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
 * @param metric what is compared: {@link #ACCURACY} or {@link #RATIO_SPREAD}
 * @param testName the test as the spec names it ({@code lower} where {@link #test} is {@link Test#WORSE}),
 *     for printing the claim back in the spec's words
 */
public record Claim(String id, String says, String paper, String method, List<String> against, Test test, boolean best,
        double margin, boolean pooled, String along, String metric, String testName) {

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
    /** The older name of {@link #RATIO_SPREAD}, still read in specs written before it. */
    static final String OLD_RATIO_SPREAD = "kss-spread";

    /** The keys a claim may have. */
    static final List<String> KEYS = List.of("id", "says", "paper", "method", "against", "test", "vs", "margin", "pooled",
            "along", "metric");

    /** What a claim asserts (MATH.md §10). */
    public enum Test {
        BETTER(1, false, false), WORSE(-1, false, false), NOT_WORSE(1, false, true), EQUIVALENT(0, false, true),
        SLOPE_LOWER(-1, true, false), SLOPE_HIGHER(1, true, false), SLOPE_NEGATIVE(-1, true, false), GROWS(1, false, false);

        private final int sign;
        private final boolean slope;
        private final boolean margin;

        Test(int sign, boolean slope, boolean margin) {
            this.sign = sign;
            this.slope = slope;
            this.margin = margin;
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

        static Test parse(String where, String word) {
            if (word.equals("higher")) {
                return BETTER; // a number that is not an accuracy: the difference is claimed positive
            }
            if (word.equals("lower")) {
                return WORSE;
            }
            for (Test t : values()) {
                if (t.word().equals(word)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(where + ": unknown test '" + word + "': expected better (or higher),"
                    + " worse (or lower), not-worse, equivalent, slope-lower, slope-higher, slope-negative or grows");
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
                throw new IllegalArgumentException(where + ": expected {id, says, method, against, test, ...}");
            }
            c.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k)) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "': expected one of "
                            + String.join(", ", KEYS));
                }
            });
            String method = text(where, c, "method");
            requireMethod(where + ".method", method, methods);
            String testName = text(where, c, "test");
            Test test = Test.parse(where + ".test", testName);
            JsonNode a = c.get("against");
            List<String> against = new ArrayList<>();
            if (test.hasOpponents()) {
                if (a == null || !a.isArray() || a.isEmpty()) {
                    throw new IllegalArgumentException(where + ".against: expected a non-empty list of methods");
                }
                for (JsonNode m : a) {
                    requireMethod(where + ".against", m.asText(), methods);
                    against.add(m.asText());
                }
            } else if (a != null && !(a.isArray() && a.isEmpty())) {
                throw new IllegalArgumentException(where + ".against: a " + test.word()
                        + " claim is about the method's own slope and has no opponents; remove against");
            }
            String vs = c.hasNonNull("vs") ? c.get("vs").asText() : "each";
            if (!vs.equals("each") && !vs.equals("best")) {
                throw new IllegalArgumentException(where + ".vs: expected each or best, got '" + vs + "'");
            }
            if (vs.equals("best") && !test.hasOpponents()) {
                throw new IllegalArgumentException(where + ".vs: a " + test.word() + " claim has no opponents to choose from");
            }
            double margin = Double.NaN;
            if (test.needsMargin()) {
                if (c.get("margin") == null || !c.get("margin").isNumber() || !(c.get("margin").asDouble() > 0)) {
                    throw new IllegalArgumentException(where + ".margin: a " + test.word() + " claim needs a positive"
                            + " margin stated in advance (accuracy, e.g. 0.01 for one point)");
                }
                margin = c.get("margin").asDouble();
            } else if (c.has("margin")) {
                throw new IllegalArgumentException(where + ".margin: only not-worse and equivalent claims have a margin");
            }
            boolean pooled = false;
            if (c.has("pooled")) {
                if (!c.get("pooled").isBoolean()) {
                    throw new IllegalArgumentException(where + ".pooled: expected true or false");
                }
                pooled = c.get("pooled").asBoolean();
                if (pooled && test.slope()) {
                    throw new IllegalArgumentException(where + ".pooled: a slope claim fits every batch size already;"
                            + " pooling applies to paired comparisons");
                }
            }
            String paper = "";
            if (c.hasNonNull("paper")) {
                paper = text(where, c, "paper");
            }
            String along = "";
            if (test == Test.GROWS) {
                along = text(where, c, "along");
                if (pooled) {
                    throw new IllegalArgumentException(where + ".pooled: a grows claim compares the ends of its axis in"
                            + " each cell; it is not pooled");
                }
            } else if (c.has("along")) {
                throw new IllegalArgumentException(where + ".along: only a grows claim has an axis to grow along");
            }
            String metric = c.hasNonNull("metric") ? c.get("metric").asText() : ACCURACY;
            metric = metric.equals(OLD_RATIO_SPREAD) ? RATIO_SPREAD : metric;
            if (!metric.equals(ACCURACY) && !metric.equals(RATIO_SPREAD)) {
                throw new IllegalArgumentException(where + ".metric: expected accuracy or ratio-spread, got '" + metric + "'");
            }
            if (metric.equals(RATIO_SPREAD) && (test.slope() || test.needsMargin())) {
                throw new IllegalArgumentException(where + ": a ratio-spread claim is higher or lower; " + test.word()
                        + " compares accuracy");
            }
            claims.add(new Claim(text(where, c, "id"), text(where, c, "says"), paper, method, List.copyOf(against), test,
                    vs.equals("best"), margin, pooled, along, metric, testName));
        }
        return claims;
    }

    private static String text(String where, JsonNode c, String key) {
        JsonNode v = c.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + key + ": expected a value");
        }
        return v.asText();
    }

    private static void requireMethod(String where, String name, Map<String, adiv.maps.Method> methods) {
        if (!methods.containsKey(name)) {
            throw new IllegalArgumentException(where + ": unknown method '" + name + "': expected one of "
                    + String.join(", ", methods.keySet()));
        }
    }
}
