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
 *   - id: beats-normalisers
 *     says: affine-like matches or beats BatchNorm, LayerNorm, RMSNorm and plain affine
 *     method: affine-like
 *     against: [batchnorm, layernorm, rmsnorm, affine]
 *     test: better            # better | worse | equivalent | slope-lower | slope-higher (higher/lower
 *                             # are better/worse for a number that is not an accuracy)
 *     vs: each                # each opponent (default), or best: the best of them in each cell
 *     margin: 0.01            # equivalent only: the margin stated in advance
 *     metric: accuracy        # or kss-spread: the probe's spread of K_ss across a batch
 * </pre>
 *
 * {@code better}/{@code worse}: the paired difference of test accuracy (at the selected epoch) is
 * claimed positive/negative. {@code equivalent}: it lies within ±margin. {@code slope-lower} /
 * {@code slope-higher}: the slope of accuracy against log₂ batch is claimed lower/higher than the
 * opponent's (the sweep must vary batch). With {@code metric: kss-spread} the compared number is a
 * run's mean over its probe records of the coefficient of variation of K_ss across the batch (the
 * sweep must probe: {@code probe_every}), so that "the corrected map moves every sample by the same
 * multiple, the plain map does not" is a claim like any other.
 *
 * @param id a short name
 * @param says the claim in words, as the paper makes it
 * @param method the method the claim is about
 * @param against the methods it is compared with
 * @param test what is claimed
 * @param best whether it is compared with the best opponent of each cell only
 * @param margin the equivalence margin (accuracy, e.g. 0.01 for one point), NaN otherwise
 * @param metric what is compared: {@link #ACCURACY} or {@link #KSS_SPREAD}
 */
public record Claim(String id, String says, String method, List<String> against, Test test, boolean best,
        double margin, String metric) {

    /** Test accuracy at the epoch selected on validation (and after the last epoch). */
    public static final String ACCURACY = "accuracy";
    /** The probe's coefficient of variation of K_ss across the batch, averaged over a run's records. */
    public static final String KSS_SPREAD = "kss-spread";

    /** What a claim asserts. */
    public enum Test {
        BETTER(1, false), WORSE(-1, false), EQUIVALENT(0, false), SLOPE_LOWER(-1, true), SLOPE_HIGHER(1, true);

        private final int sign;
        private final boolean slope;

        Test(int sign, boolean slope) {
            this.sign = sign;
            this.slope = slope;
        }

        /** +1 when the claimed difference (method − opponent) is positive, −1 negative, 0 for equivalence. */
        public int sign() {
            return sign;
        }

        /** Whether the claim is about the slope against log₂ batch. */
        public boolean slope() {
            return slope;
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
            throw new IllegalArgumentException(where + ": unknown test '" + word
                    + "': expected better (or higher), worse (or lower), equivalent, slope-lower or slope-higher");
        }
    }

    /**
     * Reads the {@code claims:} list of a spec.
     *
     * @param methods the spec's methods (built-in and its own), to check the names against
     */
    static List<Claim> parse(String source, JsonNode node, Map<String, Map<String, Object>> methods) {
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
                if (!List.of("id", "says", "method", "against", "test", "vs", "margin", "metric").contains(k)) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k
                            + "': expected id, says, method, against, test, vs, margin or metric");
                }
            });
            String method = text(where, c, "method");
            requireMethod(where + ".method", method, methods);
            JsonNode a = c.get("against");
            if (a == null || !a.isArray() || a.isEmpty()) {
                throw new IllegalArgumentException(where + ".against: expected a non-empty list of methods");
            }
            List<String> against = new ArrayList<>();
            for (JsonNode m : a) {
                requireMethod(where + ".against", m.asText(), methods);
                against.add(m.asText());
            }
            Test test = Test.parse(where + ".test", text(where, c, "test"));
            String vs = c.hasNonNull("vs") ? c.get("vs").asText() : "each";
            if (!vs.equals("each") && !vs.equals("best")) {
                throw new IllegalArgumentException(where + ".vs: expected each or best, got '" + vs + "'");
            }
            double margin = Double.NaN;
            if (test == Test.EQUIVALENT) {
                if (c.get("margin") == null || !c.get("margin").isNumber() || !(c.get("margin").asDouble() > 0)) {
                    throw new IllegalArgumentException(where + ".margin: an equivalence needs a positive margin stated"
                            + " in advance (accuracy, e.g. 0.01 for one point)");
                }
                margin = c.get("margin").asDouble();
            }
            String metric = c.hasNonNull("metric") ? c.get("metric").asText() : ACCURACY;
            if (!metric.equals(ACCURACY) && !metric.equals(KSS_SPREAD)) {
                throw new IllegalArgumentException(where + ".metric: expected accuracy or kss-spread, got '" + metric + "'");
            }
            if (metric.equals(KSS_SPREAD) && test.slope()) {
                throw new IllegalArgumentException(where + ": a slope claim compares accuracy");
            }
            claims.add(new Claim(text(where, c, "id"), text(where, c, "says"), method, List.copyOf(against), test,
                    vs.equals("best"), margin, metric));
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

    private static void requireMethod(String where, String name, Map<String, Map<String, Object>> methods) {
        if (!methods.containsKey(name)) {
            throw new IllegalArgumentException(where + ": unknown method '" + name + "': expected one of "
                    + String.join(", ", methods.keySet()));
        }
    }
}
