package dev.pawscope.host.report;

import dev.pawscope.host.explain.ExplanationRun;
import dev.pawscope.host.quant.QuantReport;
import dev.pawscope.host.train.ConfusionMatrix;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ModelReport} as one self-contained HTML page: inline CSS, pictures as data
 * URIs, no script, nothing fetched. Each section opens with a sentence saying what it shows.
 */
final class ReportPage {

    /** Width the gallery's pictures are drawn at, in CSS pixels (enlarged without smoothing). */
    static final int CELL = 112;

    private static final String CSS = """
            :root{--ink:#1f2328;--muted:#5c6570;--line:#d8dee4;--soft:#f6f8fa;--blue:#0072b2;--orange:#d55e00;\
            --green:#1a7f37;--red:#cf222e}
            *{box-sizing:border-box}
            body{margin:0;background:#fff;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",\
            Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:1200px;margin:0 auto;padding:28px 32px 48px}
            h1{font-size:28px;margin:0 0 4px;letter-spacing:-.01em}
            h2{font-size:20px;margin:40px 0 4px;padding-top:14px;border-top:1px solid var(--line)}
            h3{font-size:16px;margin:22px 0 8px}
            p.lead{color:var(--muted);margin:0 0 14px;max-width:920px}
            .sub{color:var(--muted);margin:0 0 18px}
            code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0;padding:14px 18px;\
            background:var(--soft);border:1px solid var(--line);border-radius:8px}
            dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
            .notes{background:#fff8c5;border:1px solid #e3c95b;border-radius:8px;padding:10px 16px;margin:18px 0 0}
            .notes li{margin:2px 0}
            .cards{display:flex;gap:14px;flex-wrap:wrap;margin:8px 0 18px}
            .card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:170px}
            .card .big{font-size:26px;font-weight:650}.card .what{color:var(--muted);font-size:13px}
            .pair{display:flex;gap:36px;flex-wrap:wrap;align-items:flex-start}
            table{border-collapse:collapse;font-size:14px}
            th,td{padding:5px 9px;text-align:right;border-bottom:1px solid var(--line)}
            th{font-weight:600;background:var(--soft)}
            td.l,th.l{text-align:left}
            table.data tr:nth-child(even) td{background:#fbfcfd}
            table.cm td{width:62px;text-align:center;border:1px solid #fff;font-variant-numeric:tabular-nums}
            table.cm th{text-align:center}
            caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 6px}
            .bar{display:inline-block;width:90px;height:9px;background:#eaeef2;border-radius:5px;margin-left:8px;\
            vertical-align:middle;position:relative;overflow:hidden}
            .bar>span{position:absolute;left:0;top:0;bottom:0;background:var(--blue);border-radius:5px}
            .bar.warn>span{background:var(--orange)}
            .bar>i{position:absolute;top:-2px;bottom:-2px;width:2px;background:var(--ink)}
            td{font-variant-numeric:tabular-nums}
            table.gallery{table-layout:fixed}
            table.gallery td{vertical-align:top;text-align:center;border:none;padding:4px 5px;width:124px}
            table.gallery th{font-size:12px;font-weight:600;text-align:center;background:none;border:none;\
            padding:2px 5px;vertical-align:bottom;width:124px;line-height:1.3}
            table.gallery td.cls{text-align:left;font-weight:650;padding:14px 5px 2px;border-bottom:1px solid var(--line)}
            table.gallery img{width:112px;height:auto;image-rendering:pixelated;display:block;border-radius:3px}
            .pred{font-size:12px;text-align:left;line-height:1.35;white-space:nowrap}
            .ok{color:var(--green)}.bad{color:var(--red);font-weight:600}
            .legend{display:flex;align-items:center;gap:10px;color:var(--muted);font-size:13px;margin:6px 0 8px}
            .legend .ramp{width:180px;height:12px;border-radius:3px}
            .swatch{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
            .small{font-size:12px;color:var(--muted)}
            footer{margin-top:40px;color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:12px}
            """;

    private ReportPage() {}

    static String render(ModelReport r) {
        HtmlWriter h = new HtmlWriter();
        ModelReport.Header head = r.header();
        String title = "pawscope report · " + name(head.model());
        h.raw("<!DOCTYPE html>").newline();
        h.open("html", "lang", "en").newline().open("head").newline();
        h.empty("meta", "charset", "utf-8").newline();
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").newline();
        h.element("title", title).newline();
        h.open("style").raw(CSS).close().newline();
        h.close().newline().open("body").open("main").newline();

        header(h, r, title);
        accuracy(h, r);
        layers(h, r);
        explanations(h, r);
        boards(h, r);

        h.open("footer").text("Made by pawscope " + head.version() + " in " + String.format(Locale.ROOT, "%.0f",
                head.seconds()) + " s. One self-contained file: the pictures are inside it, there is no script and "
                + "nothing is fetched from the network.").close();
        h.close().close().newline().close().newline();
        return h.finish();
    }

    private static void header(HtmlWriter h, ModelReport r, String title) {
        ModelReport.Header head = r.header();
        h.element("h1", title);
        h.element("p", "How the int8 model the board runs compares with its float twin: accuracy, per-layer error, "
                + "what each model looks at, and whether it fits each board.", "class", "sub");
        h.open("dl", "class", "meta");
        meta(h, "model", head.model() + "  (int8 SHA-256 " + head.modelSha256().substring(0, 16) + "…)");
        meta(h, "classes", String.join(", ", head.labels()) + "  ·  input " + head.input());
        meta(h, "dataset", head.data() + "  (content hash " + shortHash(head.datasetHash()) + ", " + head.testImages()
                + " test images)");
        meta(h, "made", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC)
                .format(head.generatedAt()) + "  ·  pawscope " + head.version());
        meta(h, "command", head.command());
        h.close();
        if (!r.notes().isEmpty()) {
            h.open("div", "class", "notes").element("strong", "Left out of this report").open("ul");
            for (String note : r.notes()) {
                h.element("li", note);
            }
            h.close().close();
        }
        h.newline();
    }

    private static void accuracy(HtmlWriter h, ModelReport r) {
        ModelReport.Accuracy a = r.accuracy();
        h.element("h2", "Accuracy: float twin and int8 model");
        h.element("p", "Both models on the dataset's " + r.header().testImages() + " test images; rows are the true "
                + "class, columns the predicted one, blue the correct predictions and orange the mistakes (darker = "
                + "a larger share of the row)." + (a.floatSource() == null ? "" : " The float model is "
                + a.floatSource() + "; the int8 model is the bit-exact interpreter, i.e. what the board computes."),
                "class", "lead");
        h.open("div", "class", "cards");
        if (a.floatConfusion() != null) {
            card(h, percent(a.floatConfusion().accuracy()), "float twin accuracy");
        }
        card(h, percent(a.int8Confusion().accuracy()), "int8 model accuracy");
        if (a.floatConfusion() != null) {
            card(h, String.format(Locale.ROOT, "%+.2f pp", 100 * (a.int8Confusion().accuracy()
                    - a.floatConfusion().accuracy())), "int8 minus float");
            card(h, percent(a.agreement()), "same top-1 class in both");
        }
        h.close();
        h.open("div", "class", "pair");
        if (a.floatConfusion() != null) {
            confusion(h, "float twin", a.floatConfusion());
        }
        confusion(h, "int8 model", a.int8Confusion());
        h.close();
        if (r.quantReport() != null) {
            var q = r.quantReport();
            h.element("p", String.format(Locale.ROOT, "For comparison, %s (made by `%s`) measured float %s and int8 %s "
                    + "on %s (%d images).", QuantReport.FILE_NAME, q.createdBy(),
                    percent(q.floatAccuracy()), percent(q.int8Accuracy()), q.testSource(), q.testImages()),
                    "class", "small");
        }
        h.newline();
    }

    private static void confusion(HtmlWriter h, String model, ConfusionMatrix m) {
        List<String> labels = m.labels();
        h.open("table", "class", "cm");
        h.element("caption", model + " · " + percent(m.accuracy()));
        h.open("tr").element("th", "true \\ predicted", "class", "l");
        for (String l : labels) {
            h.element("th", l);
        }
        h.close();
        for (int t = 0; t < labels.size(); t++) {
            int row = 0;
            for (int p = 0; p < labels.size(); p++) {
                row += m.count(t, p);
            }
            h.open("tr").element("th", labels.get(t), "class", "l");
            for (int p = 0; p < labels.size(); p++) {
                int c = m.count(t, p);
                double share = row == 0 ? 0 : c / (double) row;
                String rgb = t == p ? "0,114,178" : "213,94,0";
                double alpha = c == 0 ? 0 : 0.12 + 0.88 * (t == p ? share : Math.min(1, share * 4));
                String style = "background:rgba(" + rgb + "," + String.format(Locale.ROOT, "%.2f", alpha) + ")"
                        + (alpha > 0.55 ? ";color:#fff" : "");
                h.element("td", Integer.toString(c), "style", style, "title", String.format(Locale.ROOT,
                        "%s predicted as %s: %d of %d", labels.get(t), labels.get(p), c, row));
            }
            h.close();
        }
        h.close();
    }

    private static void layers(HtmlWriter h, ModelReport r) {
        h.element("h2", "Where quantization loses precision, layer by layer");
        h.element("p", "Each int8 op's output, dequantized, against the float model's output for the same images ("
                + r.layersSource() + "): cosine near 1 and a high signal-to-quantization-noise ratio (SQNR; above "
                + "about 20 dB the int8 output tracks the float one closely) mean little is lost; the scale and zero "
                + "point are the output's int8 parameters, clipped the share of calibration values outside its range.",
                "class", "lead");
        if (r.layers().isEmpty()) {
            h.element("p", "Not available: no float model to compare with and no quant_report.json.");
            return;
        }
        h.open("table", "class", "data");
        h.open("tr");
        for (String c : new String[] {"#", "layer", "op", "cosine", "SQNR (dB)", "RMSE", "MAE", "rel. L2", "scale",
                "zero point", "clipped"}) {
            h.element("th", c, "class", c.equals("layer") || c.equals("op") ? "l" : null);
        }
        h.close();
        for (ModelReport.LayerRow l : r.layers()) {
            h.open("tr");
            h.element("td", Integer.toString(l.index()));
            h.element("td", l.name(), "class", "l mono");
            h.element("td", l.op(), "class", "l mono");
            h.element("td", String.format(Locale.ROOT, "%.5f", l.cosine()));
            h.open("td");
            if (l.sqnrDb() == null) {
                h.text("∞ (exact)");
            } else {
                h.text(String.format(Locale.ROOT, "%.1f", l.sqnrDb()));
                bar(h, Math.min(1, l.sqnrDb() / 50), l.sqnrDb() < 20, Double.NaN);
            }
            h.close();
            h.element("td", String.format(Locale.ROOT, "%.4f", l.rmse()));
            h.element("td", String.format(Locale.ROOT, "%.4f", l.mae()));
            h.element("td", String.format(Locale.ROOT, "%.4f", l.l2r()));
            h.element("td", String.format(Locale.ROOT, "%.5f", l.scale()));
            h.element("td", Integer.toString(l.zeroPoint()));
            h.element("td", l.clippedShare() == null ? "–" : String.format(Locale.ROOT, "%.2f%%",
                    100 * l.clippedShare()));
            h.close();
        }
        h.close().newline();
    }

    private static void explanations(HtmlWriter h, ModelReport r) {
        ModelReport.Explanations e = r.explanations();
        List<String> labels = r.header().labels();
        h.element("h2", "What the models look at");
        h.element("p", "Attribution maps say which pixels a model's score for a class depends on. The float twin is "
                + "explained by every registered method; the int8 model, as the board runs it, by occlusion (gray "
                + "patches slid over the image, the score's drop recorded). Each map explains the image's true class.",
                "class", "lead");
        h.element("h3", "Localisation and float-int8 agreement");
        String localisation = e.scoredImages() == 0
                ? "No explained image has a ground-truth mask with a dog, so there are no localisation scores. "
                : String.format(Locale.ROOT, "Over %d test images with a dog: mask share is the share of the map's "
                        + "positive mass on the dog (the black tick: %.2f, what a uniform map scores), pointing game "
                        + "the share of maps whose maximum lies within 1 px of the dog. ", e.scoredImages(),
                        e.maskAreaShare());
        h.element("p", localisation + String.format(Locale.ROOT, "Over all %d explained images, Spearman and top-10%% "
                + "IoU compare each map with the int8 model's occlusion map of the same image (1 = the same ranking, "
                + "the same hottest pixels).", e.explainedImages()), "class", "lead");
        h.open("table", "class", "data");
        h.open("tr");
        for (String c : new String[] {"method", "model", "mask share", "pointing game", "Spearman vs int8",
                "top-10% IoU vs int8", "ms per map"}) {
            h.element("th", c, "class", c.equals("method") || c.equals("model") ? "l" : null);
        }
        h.close();
        for (ExplanationRun.MethodScores s : e.scores()) {
            h.open("tr");
            h.element("td", methodTitle(s.key()), "class", "l");
            h.element("td", s.modelDescription(), "class", "l");
            scoreCell(h, s.maskShare(), e.maskAreaShare());
            scoreCell(h, s.pointingGame(), Double.NaN);
            scoreCell(h, s.spearman(), Double.NaN);
            scoreCell(h, s.topIou(), Double.NaN);
            h.element("td", String.format(Locale.ROOT, "%.1f", s.millisPerMap()));
            h.close();
        }
        h.close();
        h.element("p", "Times are this machine's, one thread, while writing this report; "
                + "`pawscope bench explain` measures them on their own.", "class", "small");

        h.element("h3", "Gallery: float against int8, per class");
        h.open("div", "class", "legend");
        h.text("low");
        h.element("span", "", "class", "ramp", "style", "background:" + ReportImages.heatGradientCss());
        h.text("high attribution (each map scaled to its own 99th percentile)");
        h.open("span").element("span", "", "class", "swatch", "style", "background:" + css(ReportImages.MASK_ON_IMAGE)).text("dog's outline on the image")
                .close();
        h.open("span").element("span", "", "class", "swatch", "style", "background:" + css(ReportImages.MASK_ON_HEAT)).text("on the maps").close();
        h.close();
        List<String> keys = e.gallery().isEmpty() ? List.of() : List.copyOf(e.gallery().get(0).maps().keySet());
        h.open("table", "class", "gallery");
        h.open("tr").element("th", "test image, predictions");
        for (String k : keys) {
            h.element("th", methodTitle(k));
        }
        h.close();
        for (int c = 0; c < labels.size(); c++) {
            final int label = c;
            List<ModelReport.GalleryRow> rows = e.gallery().stream().filter(g -> g.truth() == label).toList();
            if (rows.isEmpty()) {
                continue;
            }
            h.open("tr").element("td", "class '" + labels.get(c) + "'", "class", "cls", "colspan",
                    Integer.toString(keys.size() + 1)).close();
            for (ModelReport.GalleryRow g : rows) {
                int scale = Math.max(1, CELL / g.image().width());
                h.open("tr").open("td");
                h.empty("img", "src", ReportImages.image(g.image(), g.mask(), scale), "alt", g.name(), "title",
                        g.name());
                h.open("div", "class", "pred");
                if (g.floatPredicted() >= 0) {
                    prediction(h, "float", labels.get(g.floatPredicted()), g.floatProbability(),
                            g.floatPredicted() == g.truth());
                }
                prediction(h, "int8", labels.get(g.int8Predicted()), g.int8Probability(), g.int8Predicted() == g.truth());
                h.close().close();
                for (String k : keys) {
                    h.open("td").empty("img", "src", ReportImages.heat(g.image(), g.maps().get(k), g.mask(), scale),
                            "alt", methodTitle(k) + " of " + g.name()).close();
                }
                h.close();
            }
        }
        h.close().newline();
    }

    private static void boards(HtmlWriter h, ModelReport r) {
        h.element("h2", "Memory and latency per board");
        h.element("p", "Flash and RAM the model needs on each board against the board's limits (boards/<board>/"
                + "board.json); where the Cortex-M4F firmware was linked (the Nano 33 BLE's core, flags and memory "
                + "map) the whole firmware counts, elsewhere only the model's weights and activation arena. "
                + "Latency comes from a measured `pawscope bench firmware` JSON, or says how to measure it.",
                "class", "lead");
        h.open("table", "class", "data");
        h.open("tr");
        for (String c : new String[] {"board", "flash used / limit", "RAM used / limit", "latency"}) {
            h.element("th", c, "class", "l");
        }
        h.close();
        for (BoardBudget b : r.boards()) {
            h.open("tr");
            h.open("td", "class", "l").element("strong", b.board().id()).empty("br")
                    .element("span", b.board().mcu(), "class", "small").close();
            budgetCell(h, b.flashUsed(), b.board().flashBytes(), b.flashShare(), b.flashWhat());
            budgetCell(h, b.ramUsed(), b.board().ramBytes(), b.ramShare(), b.ramWhat());
            h.open("td", "class", "l" + (b.latencyMeasured() ? "" : " small"), "style", "max-width:400px");
            h.text(b.latency());
            if (b.measureCommand() != null) {
                h.empty("br").element("code", b.measureCommand());
            }
            h.close();
            h.close();
        }
        h.close().newline();
    }

    private static void budgetCell(HtmlWriter h, long used, long limit, double share, String what) {
        h.open("td", "class", "l", "style", "min-width:230px");
        h.text(String.format(Locale.ROOT, "%,d / %,d B  (%.1f%%)", used, limit, 100 * share));
        bar(h, share, share > 1, Double.NaN);
        h.empty("br").element("span", what, "class", "small");
        h.close();
    }

    private static void scoreCell(HtmlWriter h, double v, double tick) {
        h.open("td");
        if (Double.isNaN(v)) {
            h.text("–");
        } else {
            h.text(String.format(Locale.ROOT, "%.2f", v));
            bar(h, Math.max(0, v), false, tick);
        }
        h.close();
    }

    /** A small horizontal bar filled to {@code share} (0..1), orange when {@code warn}, an optional tick. */
    private static void bar(HtmlWriter h, double share, boolean warn, double tick) {
        h.open("span", "class", warn ? "bar warn" : "bar");
        h.element("span", "", "style", String.format(Locale.ROOT, "width:%.1f%%",
                100 * Math.min(1, Math.max(0, share))));
        if (!Double.isNaN(tick)) {
            h.element("i", "", "style", String.format(Locale.ROOT, "left:%.1f%%", 100 * Math.min(1, tick)));
        }
        h.close();
    }

    private static void prediction(HtmlWriter h, String model, String label, float p, boolean correct) {
        h.text(model + ": ").element("span", label, "class", correct ? "ok" : "bad")
                .text(String.format(Locale.ROOT, " %.2f", p)).empty("br");
    }

    private static void card(HtmlWriter h, String big, String what) {
        h.open("div", "class", "card").element("div", big, "class", "big").element("div", what, "class", "what")
                .close();
    }

    private static void meta(HtmlWriter h, String term, String value) {
        h.element("dt", term).element("dd", value);
    }

    /** "float · Grad-CAM" for {@code float_gradcam}; unknown method names are shown as they are. */
    static String methodTitle(String key) {
        int u = key.indexOf('_');
        String model = u < 0 ? "" : key.substring(0, u);
        String name = u < 0 ? key : key.substring(u + 1);
        String title = switch (name) {
            case "gradient" -> "gradient";
            case "smoothgrad" -> "SmoothGrad";
            case "gradcam" -> "Grad-CAM";
            case "integrated" -> "integrated gradients";
            default -> name.replace('_', ' ');
        };
        return model.isEmpty() ? title : model + " · " + title;
    }

    private static String css(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static String shortHash(String hash) {
        return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length())) + "…";
    }

    private static String name(String path) {
        String p = path.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        return slash < 0 ? p : p.substring(slash + 1);
    }
}
