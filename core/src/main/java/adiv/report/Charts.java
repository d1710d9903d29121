package adiv.report;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Line charts with standard-error bars, and forest plots, drawn by JFreeChart as SVG text. */
final class Charts {

    /** A point: x, mean, standard error (NaN for none). */
    record Point(double x, double mean, double se) {}

    /** A series drawn as marks alone, not joined (the value each line's validation accuracy picks). */
    static final String CHOSEN = "chosen on validation";

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;

    private Charts() {}

    /**
     * One line per series, with ±1 SE bars.
     *
     * @param log2X whether the x axis is logarithmic (base 2), as for batch sizes
     */
    static String lines(String title, String xLabel, String yLabel, Map<String, List<Point>> series, boolean log2X) {
        return lines(title, xLabel, yLabel, series, log2X, false);
    }

    /** As above, with a logarithmic (base 10) y axis when logY. */
    static String lines(
            String title, String xLabel, String yLabel, Map<String, List<Point>> series, boolean log2X, boolean logY) {
        return lines(title, xLabel, yLabel, series, log2X ? Scale.LOG2 : Scale.LINEAR, logY);
    }

    /**
     * Labels an exponent v of a base with base^v written out (2: 32, 128, 512; 10: rounded to one
     * significant figure, 0.001, 0.003, 0.01): a logarithmic axis in plain text. JFreeChart's LogAxis
     * labels its ticks with attributed strings, which the SVG output leaves empty, so a log scale is
     * drawn as a linear axis of exponents with these labels.
     */
    private static final class Powers extends java.text.NumberFormat {
        private static final long serialVersionUID = 1L;
        private final double base;
        private final java.text.DecimalFormat plain = new java.text.DecimalFormat("0.######");

        Powers(double base) {
            this.base = base;
        }

        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            double value = Math.pow(base, v);
            if (base == 2) {
                return to.append(plain.format(value)); // integer exponents: 32, 64, 128
            }
            double unit = Math.pow(10, Math.floor(Math.log10(value)));
            return to.append(plain.format(Math.round(value / unit) * unit));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("labels only");
        }
    }

    /** How an axis is drawn: linear, log base 2 (batch sizes, widths), or log base 10 (learning rates, ratios). */
    enum Scale {
        LINEAR(0, 0), LOG2(2, 1), LOG10(10, 0.5);

        private final double base;
        private final double tick;

        Scale(double base, double tick) {
            this.base = base;
            this.tick = tick;
        }

        /** Where a value goes on the axis: itself, or its logarithm (NaN for a value not above 0). */
        double at(double v) {
            return base == 0 ? v : v > 0 ? Math.log(v) / Math.log(base) : Double.NaN;
        }

        /** The axis: linear, or of exponents labelled with the powers they stand for. */
        NumberAxis axis(String label) {
            NumberAxis axis = new NumberAxis(label + (base == 0 ? "" : " (log scale)"));
            axis.setAutoRangeIncludesZero(false);
            if (base != 0) {
                axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(tick, new Powers(base)));
            }
            return axis;
        }
    }

    /** One line per series, with ±1 SE bars, on an x axis of the given scale (a logarithmic y when logY). */
    static String lines(
            String title, String xLabel, String yLabel, Map<String, List<Point>> series, Scale xScale, boolean logY) {
        System.setProperty("java.awt.headless", "true");
        Scale yScale = logY ? Scale.LOG10 : Scale.LINEAR;
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<Point>> s : series.entrySet()) {
            YIntervalSeries line = new YIntervalSeries(s.getKey());
            for (Point p : s.getValue()) {
                double x = xScale.at(p.x());
                double y = yScale.at(p.mean());
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    double se = Double.isFinite(p.se()) ? p.se() : 0;
                    double low = yScale.at(p.mean() - se);
                    line.add(x, y, Double.isFinite(low) ? low : y, yScale.at(p.mean() + se));
                }
            }
            data.addSeries(line);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        int chosen = data.indexOf(CHOSEN);
        if (chosen >= 0) {
            renderer.setSeriesLinesVisible(chosen, false);
            renderer.setSeriesShape(chosen, new java.awt.geom.Ellipse2D.Double(-7, -7, 14, 14));
            renderer.setSeriesPaint(chosen, Color.BLACK);
            renderer.setSeriesShapesFilled(chosen, false); // a ring around the line's own mark
        }
        XYPlot plot = new XYPlot(data, xScale.axis(xLabel), yScale.axis(yLabel), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return svg(chart, WIDTH, HEIGHT);
    }

    /**
     * One row of a forest plot: its label, the estimate and its confidence interval, and whether it
     * is one the verdict rests on (drawn dark; the others grey).
     */
    record Interval(String label, double estimate, double low, double high, boolean judged) {}

    /**
     * A forest plot: one horizontal line per row from its CI's low to its high end with a dot at the
     * estimate, the first row at the top; a solid line at zero and a dashed line at −margin, and at
     * +margin too when both sides bound the claim (an equivalence); none when the margin is NaN. Rows
     * without a CI show only their dot; rows without an estimate are left empty.
     */
    static String forest(String title, String xLabel, List<Interval> rows, double margin, boolean bothSides) {
        XYPlot plot = forestPlot(xLabel, rows, margin, bothSides, 6);
        JFreeChart chart = new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return svg(chart, WIDTH, 110 + 26 * rows.size());
    }

    /**
     * The same forest plot small enough to sit at the end of a claim's line: no title, no row labels
     * (the line says what the rows are), the x axis's ticks alone.
     */
    static String miniForest(List<Interval> rows, double margin, boolean bothSides) {
        XYPlot plot = forestPlot(null, rows, margin, bothSides, 3);
        plot.getRangeAxis().setVisible(false);
        plot.getDomainAxis().setTickLabelFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 10));
        plot.setInsets(new org.jfree.chart.ui.RectangleInsets(2, 14, 0, 14));
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(0, 0, 0, 0));
        return svg(chart, 240, 26 + 10 * rows.size());
    }

    /** The forest plot's data, renderer and reference lines at zero and ±margin (caps of capLength). */
    private static XYPlot forestPlot(String xLabel, List<Interval> rows, double margin, boolean bothSides, double capLength) {
        System.setProperty("java.awt.headless", "true");
        org.jfree.data.xy.XYIntervalSeries line = new org.jfree.data.xy.XYIntervalSeries("judged");
        org.jfree.data.xy.XYIntervalSeries other = new org.jfree.data.xy.XYIntervalSeries("per cell");
        String[] labels = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Interval r = rows.get(i);
            double y = rows.size() - 1 - i;
            labels[rows.size() - 1 - i] = r.label();
            if (Double.isFinite(r.estimate())) {
                double lo = Double.isFinite(r.low()) ? r.low() : r.estimate();
                double hi = Double.isFinite(r.high()) ? r.high() : r.estimate();
                (r.judged() ? line : other).add(r.estimate(), lo, hi, y, y, y);
            }
        }
        org.jfree.data.xy.XYIntervalSeriesCollection data = new org.jfree.data.xy.XYIntervalSeriesCollection();
        data.addSeries(line);
        data.addSeries(other);
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(true);
        org.jfree.chart.axis.SymbolAxis y = new org.jfree.chart.axis.SymbolAxis(null, labels);
        y.setGridBandsVisible(false);
        y.setRange(-0.6, rows.size() - 0.4);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawYError(false);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x4e, 0x9a));
        renderer.setSeriesPaint(1, new Color(0x99, 0x99, 0x99));
        double mark = capLength + 1;
        for (int i = 0; i < 2; i++) {
            renderer.setSeriesShape(i, new java.awt.geom.Rectangle2D.Double(-mark / 2, -mark / 2, mark, mark));
        }
        renderer.setErrorPaint(null); // each line in its series' colour
        renderer.setCapLength(capLength);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.addDomainMarker(new org.jfree.chart.plot.ValueMarker(0, Color.BLACK, new java.awt.BasicStroke(1f)));
        if (Double.isFinite(margin)) {
            java.awt.Stroke dashed = new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
            plot.addDomainMarker(new org.jfree.chart.plot.ValueMarker(-margin, Color.GRAY, dashed));
            if (bothSides) {
                plot.addDomainMarker(new org.jfree.chart.plot.ValueMarker(margin, Color.GRAY, dashed));
            }
            x.setRange(Math.min(-1.5 * margin, min(rows) - 0.1 * margin), Math.max(1.5 * margin, max(rows) + 0.1 * margin));
        }
        return plot;
    }

    /**
     * The chart as an SVG element of the given size with a viewBox, so that a page can shrink it to
     * its width ({@code max-width:100%}) rather than cut it off.
     */
    private static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement(null, true, new org.jfree.svg.ViewBox(0, 0, width, height), null, null);
    }

    /**
     * A line chart's numbers as a table: per series and x, the mean and its standard error; with a
     * column saying which x validation chose for each line where chosen is not null.
     */
    static List<List<String>> numbers(String xLabel, Map<String, List<Point>> series, Map<String, Double> chosen) {
        List<List<String>> table = new java.util.ArrayList<>();
        List<String> header = new java.util.ArrayList<>(List.of("line", xLabel, "mean", "SE"));
        if (chosen != null) {
            header.add(CHOSEN);
        }
        table.add(header);
        series.forEach((name, points) -> {
            if (!name.equals(CHOSEN)) {
                points.forEach(p -> {
                    List<String> row = new java.util.ArrayList<>(List.of(name, plain(p.x()), fixed(p.mean()), fixed(p.se())));
                    if (chosen != null) {
                        row.add(chosen.containsKey(name) && chosen.get(name) == p.x() ? "yes" : "");
                    }
                    table.add(row);
                });
            }
        });
        return table;
    }

    /**
     * A curve's numbers in brief, one row per line: its first and last point and its highest, each as
     * x and mean (the text alternative of a figure with too many points to list).
     */
    static List<List<String>> ends(String xLabel, Map<String, List<Point>> series) {
        List<List<String>> table = new java.util.ArrayList<>();
        table.add(List.of("line", "first " + xLabel, "mean", "last " + xLabel, "mean", "highest at " + xLabel, "mean"));
        series.forEach((name, points) -> {
            List<Point> finite = points.stream().filter(p -> Double.isFinite(p.mean())).toList();
            if (!finite.isEmpty()) {
                Point first = finite.get(0);
                Point last = finite.get(finite.size() - 1);
                Point top = finite.stream().max(java.util.Comparator.comparingDouble(Point::mean)).orElseThrow();
                table.add(List.of(name, plain(first.x()), fixed(first.mean()), plain(last.x()), fixed(last.mean()),
                        plain(top.x()), fixed(top.mean())));
            }
        });
        return table;
    }

    /** A setting or a step as a reader writes it: 0.0001, 128, 2400. */
    private static String plain(double v) {
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : "-";
    }

    /** A mean or an SE with four significant figures, in fixed notation (0.8812, 0.001530, 12.35). */
    private static String fixed(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).toPlainString();
    }

    private static double min(List<Interval> rows) {
        return rows.stream().mapToDouble(r -> Double.isFinite(r.low()) ? r.low() : r.estimate())
                .filter(Double::isFinite).min().orElse(0);
    }

    private static double max(List<Interval> rows) {
        return rows.stream().mapToDouble(r -> Double.isFinite(r.high()) ? r.high() : r.estimate())
                .filter(Double::isFinite).max().orElse(0);
    }
}
