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
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement();
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
        data.addSeries(other);
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(true);
        org.jfree.chart.axis.SymbolAxis y = new org.jfree.chart.axis.SymbolAxis(null, labels);
        y.setGridBandsVisible(false);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawYError(false);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x4e, 0x9a));
        renderer.setSeriesPaint(1, new Color(0x99, 0x99, 0x99));
        for (int i = 0; i < 2; i++) {
            renderer.setSeriesShape(i, new java.awt.geom.Rectangle2D.Double(-3.5, -3.5, 7, 7));
        }
        renderer.setErrorPaint(null); // each line in its series' colour
        renderer.setCapLength(6);
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
        JFreeChart chart = new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        int height = 110 + 26 * rows.size();
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        chart.draw(g, new Rectangle(0, 0, WIDTH, height));
        return g.getSVGElement();
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
