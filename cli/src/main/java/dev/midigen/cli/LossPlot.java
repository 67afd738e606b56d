package dev.midigen.cli;

import dev.midigen.model.training.MetricsLog;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The comparison's PNG: each bundle's validation loss over training steps (one line per bundle, however
 * many backends it was compared on) and the baselines' losses as dashed lines. Drawn on a
 * {@link BufferedImage}, so it works headless; if the JVM has no usable font the labels are left out
 * rather than failing.
 */
final class LossPlot {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;
    private static final int LEFT = 70;
    private static final int RIGHT = 250;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private LossPlot() {
    }

    static byte[] png(Comparison.Report report) {
        Map<String, List<MetricsLog.Line>> curves = new LinkedHashMap<>();
        for (Comparison.Row row : report.rows()) {
            curves.putIfAbsent(row.entry().model(), row.curve());
        }
        Map<String, Double> baselines = new LinkedHashMap<>();
        if (report.unigram() != null) { // next-token models: the counting baselines' losses
            baselines.put("unigram baseline", report.unigram().loss());
            baselines.put(Comparison.NGRAM_ORDER + "-gram baseline", report.ngram().loss());
        }

        double minLoss = Double.POSITIVE_INFINITY;
        double maxLoss = Double.NEGATIVE_INFINITY;
        long maxStep = 1;
        for (List<MetricsLog.Line> curve : curves.values()) {
            for (MetricsLog.Line line : curve) {
                minLoss = Math.min(minLoss, line.validationLoss());
                maxLoss = Math.max(maxLoss, line.validationLoss());
                maxStep = Math.max(maxStep, line.step());
            }
        }
        for (double loss : baselines.values()) {
            if (Double.isFinite(loss)) {
                minLoss = Math.min(minLoss, loss);
                maxLoss = Math.max(maxLoss, loss);
            }
        }
        if (!(minLoss <= maxLoss)) {
            minLoss = 0;
            maxLoss = 1;
        }
        double yStep = niceStep((maxLoss - minLoss) / 5);
        double yLow = Math.max(0, Math.floor(minLoss / yStep) * yStep);
        double yHigh = Math.ceil(maxLoss / yStep) * yStep;
        if (yHigh <= yLow) {
            yHigh = yLow + yStep;
        }
        double xStep = niceStep(maxStep / 5.0);
        double xHigh = Math.ceil(maxStep / xStep) * xStep;

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            Frame frame = new Frame(0, xHigh, yLow, yHigh);
            // grid and axes
            g.setStroke(new BasicStroke(1f));
            List<Runnable> labels = new ArrayList<>();
            for (double y = yLow; y <= yHigh + yStep / 2; y += yStep) {
                int py = frame.y(y);
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(LEFT, py, WIDTH - RIGHT, py);
                String text = String.format(Locale.ROOT, yStep < 0.1 ? "%.2f" : "%.1f", y);
                labels.add(() -> g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), py + 4));
            }
            for (double x = 0; x <= xHigh + xStep / 2; x += xStep) {
                int px = frame.x(x);
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
                String text = String.format(Locale.ROOT, "%,d", Math.round(x));
                labels.add(() -> g.drawString(text, px - g.getFontMetrics().stringWidth(text) / 2, HEIGHT - BOTTOM + 18));
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
            // baselines
            int index = 0;
            List<String> legend = new ArrayList<>();
            List<Color> legendColors = new ArrayList<>();
            List<Boolean> legendDashed = new ArrayList<>();
            for (Map.Entry<String, Double> baseline : baselines.entrySet()) {
                if (!Double.isFinite(baseline.getValue())) {
                    continue;
                }
                Color color = index++ == 0 ? Color.GRAY : Color.BLACK;
                g.setColor(color);
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
                int py = frame.y(baseline.getValue());
                g.drawLine(LEFT, py, WIDTH - RIGHT, py);
                legend.add(String.format(Locale.ROOT, "%s (%.3f)", baseline.getKey(), baseline.getValue()));
                legendColors.add(color);
                legendDashed.add(true);
            }
            // curves
            int c = 0;
            for (Map.Entry<String, List<MetricsLog.Line>> entry : curves.entrySet()) {
                Color color = PALETTE[c++ % PALETTE.length];
                List<MetricsLog.Line> curve = entry.getValue();
                g.setColor(color);
                g.setStroke(new BasicStroke(2f));
                for (int i = 0; i < curve.size(); i++) {
                    int px = frame.x(curve.get(i).step());
                    int py = frame.y(curve.get(i).validationLoss());
                    g.fillOval(px - 3, py - 3, 7, 7);
                    if (i > 0) {
                        g.drawLine(frame.x(curve.get(i - 1).step()), frame.y(curve.get(i - 1).validationLoss()), px, py);
                    }
                }
                legend.add(curve.isEmpty() ? shorten(entry.getKey()) + " (no curve recorded)" : shorten(entry.getKey()));
                legendColors.add(color);
                legendDashed.add(false);
            }
            for (int i = 0; i < legend.size(); i++) {
                int y = TOP + 10 + i * 22;
                g.setColor(legendColors.get(i));
                g.setStroke(legendDashed.get(i)
                        ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f)
                        : new BasicStroke(2f));
                g.drawLine(WIDTH - RIGHT + 15, y, WIDTH - RIGHT + 40, y);
                String text = legend.get(i);
                labels.add(() -> g.drawString(text, WIDTH - RIGHT + 46, y + 4));
            }
            drawText(g, labels);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The labels, title and axis names, or nothing when this JVM cannot draw text. */
    private static void drawText(Graphics2D g, List<Runnable> labels) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.DARK_GRAY);
            for (Runnable label : labels) {
                label.run();
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString("Validation loss (cross-entropy, nats) over training steps", LEFT, TOP - 14);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("training step", LEFT + (WIDTH - LEFT - RIGHT) / 2 - 35, HEIGHT - 12);
        } catch (RuntimeException | Error e) {
            // no font configuration (a bare headless JVM): the plot without text is still a plot
            if (e instanceof VirtualMachineError) {
                throw e;
            }
        }
    }

    private static String shorten(String name) {
        return name.length() <= 32 ? name : "…" + name.substring(name.length() - 31);
    }

    /** 1, 2 or 5 × a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private record Frame(double xLow, double xHigh, double yLow, double yHigh) {
        int x(double value) {
            return LEFT + (int) Math.round((value - xLow) / (xHigh - xLow) * (WIDTH - LEFT - RIGHT));
        }

        int y(double value) {
            return HEIGHT - BOTTOM - (int) Math.round((value - yLow) / (yHigh - yLow) * (HEIGHT - TOP - BOTTOM));
        }
    }
}
