package adiv.report;

import adiv.sweep.Claim;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The answer a page opens with: how many claims got each word, then one line per claim — its word as
 * a badge (written out; the colour only aids), a few words of what it claims, the effect and CI of
 * the comparison least in its favour, and a small forest plot of every comparison — linked to the
 * claim's full evidence further down. Rendering only; the numbers come from {@link ClaimEvaluation}.
 */
final class ClaimLines {

    private ClaimLines() {}

    /** "14 claims: 6 supported, 3 contradicted, 5 inconclusive" (and "1 too short" when any is). */
    static String count(List<ClaimEvaluation.ClaimResult> claims) {
        Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
        claims.forEach(c -> n.merge(c.judgement().verdict(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            if (v != Verdict.TOO_SHORT || n.containsKey(v)) {
                parts.add(n.getOrDefault(v, 0) + " " + v.word());
            }
        }
        return claims.size() + " claim" + (claims.size() == 1 ? "" : "s") + ": " + String.join(", ", parts);
    }

    /**
     * One line per claim, each linking to the anchor {@code evidence} gives it (null for no link).
     */
    static void write(Markup page, List<ClaimEvaluation.ClaimResult> claims,
            Function<ClaimEvaluation.ClaimResult, String> evidence) {
        StringBuilder html = new StringBuilder("<ul class=\"claims\">");
        StringBuilder md = new StringBuilder();
        for (ClaimEvaluation.ClaimResult c : claims) {
            String word = ClaimsTable.word(c.judgement());
            String what = headline(c);
            String effect = effect(c);
            String anchor = evidence.apply(c);
            html.append("<li><span class=\"badge ").append(c.judgement().verdict().name().toLowerCase().replace('_', '-'))
                    .append("\">").append(Markup.esc(word)).append("</span><span class=\"what\">")
                    .append(anchor == null ? Markup.esc(what)
                            : "<a href=\"#" + Markup.esc(anchor) + "\">" + Markup.esc(what) + "</a>")
                    .append("</span><span class=\"effect\">").append(Markup.esc(effect)).append("</span>");
            List<Charts.Interval> rows = Forest.intervals(c);
            if (rows.stream().anyMatch(r -> Double.isFinite(r.estimate()))) {
                html.append(Markup.labelled(Forest.small(c, rows), "forest plot of " + c.claim().id() + ": "
                        + rows.stream().map(ClaimLines::inWords).collect(Collectors.joining("; "))));
            }
            html.append("</li>");
            md.append("- **").append(word).append("** — ").append(anchor == null ? what : "[" + what + "](#" + anchor + ")")
                    .append(" — ").append(effect).append('\n');
        }
        page.raw(html.append("</ul>").toString(), md.append('\n').toString());
    }

    /** "vs batchnorm +0.65 [+0.20, +1.10]": one row of a forest plot in words, its text alternative. */
    private static String inWords(Charts.Interval r) {
        return r.label() + " " + (Double.isFinite(r.estimate()) ? String.format("%+.3g", r.estimate()) : "no estimate")
                + (Double.isFinite(r.low()) && Double.isFinite(r.high())
                        ? String.format(" [%+.3g, %+.3g]", r.low(), r.high()) : "");
    }

    /** The weakest comparison's effect and CI, and what it is against: "+0.65 pt [+0.20, +1.10] vs batchnorm". */
    static String effect(ClaimEvaluation.ClaimResult c) {
        ClaimEvaluation.Comparison w = c.weakest();
        if (w == null || Double.isNaN(w.selected().estimate())) {
            return "no comparison could be made";
        }
        String effect = ClaimsTable.effect(c.claim(), w.selected()).replace(" weighted spread of the step ratio", "");
        int others = c.judged().size() - 1;
        return effect + " " + ClaimsTable.against(c.claim(), w)
                + (others > 0 ? " (the weakest of " + (others + 1) + ")" : "");
    }

    /**
     * A few words of what the claim says, built from its keys so that every claim reads alike:
     * "affine-like not worse than batchnorm, layernorm, rmsnorm (margin 1.00 pt), each at its best lr".
     */
    static String headline(ClaimEvaluation.ClaimResult c) {
        Claim claim = c.claim();
        String vs = claim.best() ? "the best of " + String.join(", ", claim.against()) : String.join(", ", claim.against());
        String margin = claim.test().needsMargin() ? String.format(" (margin %.2f pt)", 100 * claim.margin()) : "";
        String what = switch (claim.test()) {
            case BETTER -> Claim.RATIO_SPREAD.equals(claim.metric()) ? "step-ratio spread higher than " + vs
                    : "better than " + vs;
            case WORSE -> Claim.RATIO_SPREAD.equals(claim.metric()) ? "step-ratio spread lower than " + vs
                    : Claim.TUNING_SHORTFALL.equals(claim.metric())
                            ? "loses less than " + vs + " when " + claim.over() + " is not tuned"
                            : "worse than " + vs;
            case NOT_WORSE -> "not worse than " + vs + margin;
            case EQUIVALENT -> "equivalent to " + vs + margin;
            case SLOPE_LOWER -> "accuracy falls faster with batch size than " + vs + "'s";
            case SLOPE_HIGHER -> "accuracy falls slower with batch size than " + vs + "'s";
            case SLOPE_NEGATIVE -> "accuracy falls as the batch grows";
            case GROWS -> "lead over " + vs + " grows " + (claim.from() == null && claim.to() == null
                    ? "along " + claim.along()
                    : "from " + (claim.from() == null ? "the smallest " + claim.along() : claim.along() + " " + claim.from())
                            + " to " + (claim.to() == null ? "the largest" : String.valueOf(claim.to())));
        };
        List<String> where = new ArrayList<>();
        claim.where().forEach((k, v) -> where.add(k + " " + v));
        c.level().forEach((k, v) -> where.add(k + " " + v));
        boolean whose = what.startsWith("lead") || what.startsWith("accuracy") || what.startsWith("step-ratio");
        return claim.method() + (whose ? "'s " : " ") + what
                + (claim.tuned().isEmpty() ? "" : ", each at its best " + claim.tuned())
                + (claim.pooled() ? ", on average over the cells" : "")
                + (where.isEmpty() ? "" : ", at " + String.join(", ", where));
    }
}
