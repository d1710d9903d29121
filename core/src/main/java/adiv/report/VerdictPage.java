package adiv.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The page that answers "which of the paper's claims hold, on this data, and how sure is that":
 * verdict.md and verdict.html at the top of a replicate's output, one row per claim of every preset
 * (verdict, the effect least in its favour with its CI, seeds, epochs trained, data set), each
 * linking to its preset's report.
 */
public final class VerdictPage {

    /** One preset's claims, judged, and where its report is. */
    public record Preset(String name, Path report, List<ClaimEvaluation.ClaimResult> claims) {}

    /** The files written. */
    public record Written(Path markdown, Path html) {}

    private VerdictPage() {}

    /**
     * Writes verdict.md and verdict.html into dir.
     *
     * @param scale the scale the presets ran at, said at the top
     */
    public static Written write(Path dir, String scale, List<Preset> presets) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        rows.add(List.of("preset", "claim", "the paper says", "verdict", "on final", "test", "effect [CI]", "seeds",
                "runs: stagnated/max/diverged", "epochs (mean)", "data"));
        for (Preset p : presets) {
            String link = dir.toAbsolutePath().normalize().relativize(p.report().toAbsolutePath().normalize()).toString();
            links.add(link);
            for (ClaimEvaluation.ClaimResult c : p.claims()) {
                List<List<String>> one = ClaimsTable.summary(List.of(c));
                List<String> r = one.get(1);
                rows.add(List.of(p.name(), r.get(0), r.get(2).equals("-") ? r.get(1) : r.get(2), r.get(3), r.get(4), r.get(5),
                        r.get(7) + " " + r.get(6), r.get(10), r.get(11), r.get(12), r.get(13)));
            }
        }
        String title = "adiv: the paper's claims, " + scale + " scale";
        String intro = "Written " + Instant.now() + ". Each row is one claim of one preset, judged as MATH.md §10 says"
                + " on the test accuracy at the epoch selected on a validation split: " + ClaimsTable.NOTE
                + (scale.equals("verdict") ? "" : " At the " + scale + " scale the runs are short and few: read the"
                        + " words as a check of the machinery, not as a verdict (--scale verdict trains until stagnation).");
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n").append(intro).append("\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(Report.esc(title)).append("</title><style>body{font-family:sans-serif;max-width:70em;"
                        + "margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #bbb;"
                        + "padding:.25em .6em}th{background:#eee}</style></head><body><h1>").append(Report.esc(title))
                .append("</h1><p>").append(Report.esc(intro)).append("</p><table>");
        for (int i = 0; i < rows.size(); i++) {
            md.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
            if (i == 0) {
                md.append("|").append("---|".repeat(rows.get(0).size())).append('\n');
            }
            html.append("<tr>");
            for (String cell : rows.get(i)) {
                html.append(i == 0 ? "<th>" : "<td>").append(Report.esc(cell)).append(i == 0 ? "</th>" : "</td>");
            }
            html.append("</tr>");
        }
        html.append("</table><h2>Reports</h2><ul>");
        md.append("\n## Reports\n\n");
        for (int i = 0; i < presets.size(); i++) {
            String md1 = links.get(i).replaceAll("report\\.html$", "report.md");
            md.append("- ").append(presets.get(i).name()).append(": [").append(md1).append("](").append(md1).append(")\n");
            html.append("<li>").append(Report.esc(presets.get(i).name())).append(": <a href=\"").append(Report.esc(links.get(i)))
                    .append("\">").append(Report.esc(links.get(i))).append("</a></li>");
        }
        html.append("</ul></body></html>\n");
        Path mdFile = dir.resolve("verdict.md");
        Path htmlFile = dir.resolve("verdict.html");
        Report.writeWhole(mdFile, md);
        Report.writeWhole(htmlFile, html);
        return new Written(mdFile, htmlFile);
    }
}
