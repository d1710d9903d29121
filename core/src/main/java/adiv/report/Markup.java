package adiv.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the same content as Markdown and as HTML side by side, so that a page's two files never say
 * different things: headings, paragraphs, tables (the first row is the header), figures, folded
 * sections. The HTML is one self-contained page (inline SVG, no script) laid out to fit any screen:
 * text wraps, a table or a wide preformatted block scrolls inside its own box, figures shrink to the
 * page's width.
 */
final class Markup {

    /**
     * The badges' colours, one per verdict word, each with white text at a WCAG AA contrast of at
     * least 4.5:1 (MarkupTest computes it); the word is always written, the colour only aids.
     */
    static final String SUPPORTED = "#1a7f37";
    static final String CONTRADICTED = "#b42318";
    static final String INCONCLUSIVE = "#57606a";
    static final String TOO_SHORT = "#8a4b00";

    private static final String STYLE = "body{font-family:sans-serif;line-height:1.45;max-width:MAXWIDTH;margin:0 auto;"
            + "padding:0 1em 2em;color:#1b1b1b;background:#fff;overflow-wrap:anywhere}"
            + "h1{font-size:1.6em;margin:.8em 0 .4em}h2{margin-top:1.6em}"
            + "p.lead{font-size:1.25em;margin:.4em 0}"
            + ".scroll{overflow-x:auto;max-width:100%;margin:1em 0}"
            + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.25em .6em;vertical-align:top;"
            + "overflow-wrap:normal;min-width:3em}th{background:#eee;text-align:left}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
            + "svg{max-width:100%;height:auto}figure{margin:1em 0}figcaption{font-size:.9em;color:#333}"
            + "blockquote{border-left:4px solid #ccc;margin:1em 0;padding:.2em 1em;color:#333}"
            + "pre{background:#f6f6f6;padding:1em;overflow:auto}"
            + "details{margin:1em 0}summary{cursor:pointer;font-weight:bold}"
            + ".badge{display:inline-block;min-width:6.5em;text-align:center;padding:.1em .5em;border-radius:.3em;"
            + "color:#fff;font-weight:bold;white-space:nowrap}"
            + ".supported{background:" + SUPPORTED + "}.contradicted{background:" + CONTRADICTED + "}"
            + ".inconclusive{background:" + INCONCLUSIVE + "}.too-short{background:" + TOO_SHORT + "}"
            + "ul.claims{list-style:none;padding:0;margin:.5em 0}"
            + "ul.claims li{display:grid;grid-template-columns:13.5em minmax(12em,1fr) minmax(10em,24em) 15em;"
            + "align-items:center;gap:.3em 1em;padding:.45em 0;border-bottom:1px solid #ddd}"
            + "ul.claims .badge{justify-self:start}ul.claims .effect{font-variant-numeric:tabular-nums}"
            + "ul.claims svg{width:15em}"
            + "@media (max-width:60em){ul.claims li{grid-template-columns:auto 1fr}"
            + "ul.claims .effect,ul.claims svg{grid-column:1/-1}}";

    /** A cell that is a number (with its sign, CI or unit after it): right-aligned in the HTML. */
    private static final Pattern NUMBER = Pattern.compile("^[+\\-−]?[0-9][0-9.,eE+\\-]*(\\b.*)?$");

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder md = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    /** Starts an HTML page with a title and the shared style. */
    static Markup page(String title, String maxWidth) {
        Markup m = new Markup();
        m.html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append("</title><style>").append(STYLE.replace("MAXWIDTH", maxWidth))
                .append("</style></head><body>");
        m.heading(1, title);
        return m;
    }

    /** An instant as a reader reads it: UTC, to the second ("2026-12-07 19:34:22 UTC"). */
    static String utc(Instant t) {
        return UTC.format(t);
    }

    /** A heading of level 1 to 4. */
    Markup heading(int level, String text) {
        return heading(level, text, null);
    }

    /** A heading a link can point at (#id); id null for none. */
    Markup heading(int level, String text, String id) {
        if (id != null) {
            md.append("<a id=\"").append(esc(id)).append("\"></a>\n\n");
        }
        md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        html.append("<h").append(level).append(id == null ? "" : " id=\"" + esc(id) + "\"").append('>')
                .append(esc(text)).append("</h").append(level).append('>');
        return this;
    }

    /** A paragraph of plain text. */
    Markup paragraph(String text) {
        md.append(text).append("\n\n");
        html.append("<p>").append(esc(text)).append("</p>");
        return this;
    }

    /** The page's answer, set larger: bold in the Markdown. */
    Markup lead(String text) {
        md.append("**").append(text).append("**\n\n");
        html.append("<p class=\"lead\"><strong>").append(esc(text)).append("</strong></p>");
        return this;
    }

    /** A quotation, set apart. */
    Markup quote(String text) {
        md.append("> ").append(text).append("\n\n");
        html.append("<blockquote>").append(esc(text)).append("</blockquote>");
        return this;
    }

    /** A table; the first row is its header. */
    Markup table(List<List<String>> rows) {
        appendTable(md, html, rows);
        return this;
    }

    /** Preformatted text (a spec), scrolling in its own box. */
    Markup pre(String text, String language) {
        md.append("```").append(language).append('\n').append(text.strip()).append("\n```\n\n");
        html.append("<pre>").append(esc(text)).append("</pre>");
        return this;
    }

    /**
     * Opens a folded section (HTML {@code <details>}) with its one-line summary; the Markdown gets the
     * summary as a bold line. Close it with {@link #endFold}.
     */
    Markup fold(String summary) {
        md.append("**").append(summary).append("**\n\n");
        html.append("<details><summary>").append(esc(summary)).append("</summary>");
        return this;
    }

    /** Closes the section {@link #fold} opened. */
    Markup endFold() {
        html.append("</details>");
        return this;
    }

    /**
     * Appends a table (the first row its header) to a Markdown and an HTML text; in the HTML it scrolls
     * inside its own box, and its cells that are numbers are right-aligned.
     */
    static void appendTable(StringBuilder md, StringBuilder html, List<List<String>> rows) {
        html.append("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"table: ")
                .append(esc(rows.isEmpty() ? "" : String.join(", ", rows.get(0).stream().filter(c -> !c.isEmpty()).toList())))
                .append("\"><table>");
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            md.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
            if (i == 0) {
                md.append('|').append("---|".repeat(r.size())).append('\n');
            }
            html.append("<tr>");
            for (String c : r) {
                html.append(i == 0 ? "<th scope=\"col\">" : number(c) ? "<td class=\"n\">" : "<td>").append(esc(c))
                        .append(i == 0 ? "</th>" : "</td>");
            }
            html.append("</tr>");
        }
        md.append('\n');
        html.append("</table></div>");
    }

    /** Whether a cell reads as a number: right-aligned. */
    static boolean number(String cell) {
        return NUMBER.matcher(cell).matches() && cell.length() < 48;
    }

    /**
     * A figure: inline SVG in the HTML (read by a screen reader as one image named by alt), a link to
     * its file (relative to the Markdown) in the Markdown, and below both the numbers it draws as a
     * folded table, its text alternative; numbers null for a figure whose numbers are in a table
     * nearby (alt then says where).
     */
    Markup figure(String svg, String file, String alt, List<List<String>> numbers) {
        md.append("![").append(alt).append("](").append(file).append(")\n\n");
        html.append("<figure>").append(labelled(svg, alt)).append("<figcaption>").append(esc(alt)).append("</figcaption>");
        if (numbers != null && numbers.size() > 1) {
            html.append("<details><summary>The numbers in this figure</summary>");
            md.append("The numbers in this figure:\n\n");
            appendTable(md, html, numbers);
            html.append("</details>");
        }
        html.append("</figure>");
        return this;
    }

    /** An SVG element marked as one image with a name (role, aria-label and a title element). */
    static String labelled(String svg, String alt) {
        int open = svg.indexOf("<svg");
        int end = svg.indexOf('>', open);
        if (open < 0 || end < 0) {
            return svg;
        }
        return svg.substring(0, open) + "<svg role=\"img\" aria-label=\"" + esc(alt) + "\"" + svg.substring(open + 4, end + 1)
                + "<title>" + esc(alt) + "</title>" + svg.substring(end + 1);
    }

    /** HTML written as given (already escaped), with its Markdown twin. */
    Markup raw(String htmlText, String mdText) {
        html.append(htmlText);
        md.append(mdText);
        return this;
    }

    /** A list of links. */
    Markup links(List<String[]> nameAndHref) {
        html.append("<ul>");
        for (String[] l : nameAndHref) {
            md.append("- ").append(l[0]).append(": [").append(l[1]).append("](").append(l[1]).append(")\n");
            html.append("<li>").append(esc(l[0])).append(": <a href=\"").append(esc(l[2])).append("\">")
                    .append(esc(l[2])).append("</a></li>");
        }
        md.append('\n');
        html.append("</ul>");
        return this;
    }

    String markdown() {
        return md.toString();
    }

    String html() {
        return html + "</body></html>\n";
    }

    /** Text escaped for HTML. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
