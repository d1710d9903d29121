package adiv.report;

import java.util.List;

/**
 * Writes the same content as Markdown and as HTML side by side, so that a report's two files never
 * say different things: headings, paragraphs and tables (the first row is the header).
 */
final class Markup {

    private final StringBuilder md = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    /** Starts an HTML page with a title and the shared style. */
    static Markup page(String title, String maxWidth) {
        Markup m = new Markup();
        m.html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;max-width:").append(maxWidth)
                .append(";margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px"
                        + " solid #bbb;padding:.25em .6em}th{background:#eee}blockquote{border-left:4px solid #ccc;"
                        + "margin:1em 0;padding:.2em 1em;color:#333}pre{background:#f6f6f6;padding:1em;overflow:auto}"
                        + "</style></head><body>");
        m.heading(1, title);
        return m;
    }

    /** A heading of level 1 to 4. */
    Markup heading(int level, String text) {
        md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        html.append("<h").append(level).append('>').append(esc(text)).append("</h").append(level).append('>');
        return this;
    }

    /** A paragraph of plain text. */
    Markup paragraph(String text) {
        md.append(text).append("\n\n");
        html.append("<p>").append(esc(text)).append("</p>");
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

    /** Appends a table (the first row its header) to a Markdown and an HTML text. */
    static void appendTable(StringBuilder md, StringBuilder html, List<List<String>> rows) {
        html.append("<table>");
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            md.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
            if (i == 0) {
                md.append('|').append("---|".repeat(r.size())).append('\n');
            }
            html.append("<tr>");
            for (String c : r) {
                html.append(i == 0 ? "<th>" : "<td>").append(esc(c)).append(i == 0 ? "</th>" : "</td>");
            }
            html.append("</tr>");
        }
        md.append('\n');
        html.append("</table>");
    }

    /** A figure: inline SVG in the HTML, a link to its file (relative to the Markdown) in the Markdown. */
    Markup figure(String svg, String file, String alt) {
        md.append("![").append(alt).append("](").append(file).append(")\n\n");
        html.append("<figure>").append(svg).append("</figure>");
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
