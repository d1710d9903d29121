package adiv.report;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Line charts with standard-error bars, drawn by JFreeChart as SVG text. */
final class Charts {

    /** A point: x, mean, standard error (NaN for none). */
    record Point(double x, double mean, double se) {}

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
        System.setProperty("java.awt.headless", "true");
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<Point>> s : series.entrySet()) {
            YIntervalSeries line = new YIntervalSeries(s.getKey());
            for (Point p : s.getValue()) {
                if (Double.isFinite(p.mean())) {
                    double se = Double.isFinite(p.se()) ? p.se() : 0;
                    line.add(p.x(), p.mean(), p.mean() - se, p.mean() + se);
                }
            }
            data.addSeries(line);
        }
        ValueAxis x;
        if (log2X) {
            LogAxis axis = new LogAxis(xLabel);
            axis.setBase(2);
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0"));
            x = axis;
        } else {
            x = new NumberAxis(xLabel);
        }
        ValueAxis y;
        if (logY) {
            LogAxis axis = new LogAxis(yLabel);
            axis.setBase(10);
            axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1)); // one tick per decade
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
            y = axis;
        } else {
            NumberAxis axis = new NumberAxis(yLabel);
            axis.setAutoRangeIncludesZero(false);
            y = axis;
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement();
    }
}
