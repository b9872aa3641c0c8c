package dev.kck.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart of one or more series, written as a PNG with JFreeChart (headless: the driver sets
 * java.awt.headless). The x axis is logarithmic when the sizes span decades (1k, 100k, 1M keys), so
 * every point is visible; the y axis too when the values do (see {@link #logY}).
 */
final class Chart {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 450;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, XYSeries> series = new LinkedHashMap<>();
  private boolean logX;
  private boolean logY;

  Chart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  Chart logX() {
    this.logX = true;
    return this;
  }

  /** Log-log with {@link #logX}: a straight line of slope 1 is a linear cost, steeper is worse. */
  Chart logY() {
    this.logY = true;
    return this;
  }

  Chart point(String seriesName, double x, double y) {
    if (!Double.isNaN(y)) {
      series.computeIfAbsent(seriesName, name -> new XYSeries(name, false)).add(x, y);
    }
    return this;
  }

  /** A base-10 log axis ticked at whole decades, labelled 10, 100, 1,000 rather than 10^2. */
  private static LogAxis decades(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(10);
    axis.setSmallestValue(1e-3);
    axis.setTickUnit(new NumberTickUnit(1));
    axis.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    return axis;
  }

  /** Writes the PNG and returns its path. */
  Path write(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
        series.size() > 1, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    if (logX) {
      plot.setDomainAxis(decades(xLabel));
    }
    if (logY) {
      plot.setRangeAxis(decades(yLabel));
    }
    Files.createDirectories(file.getParent());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    Log.progress("wrote %s", file);
    return file;
  }
}
