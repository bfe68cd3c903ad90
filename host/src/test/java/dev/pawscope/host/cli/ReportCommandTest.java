package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.explain.Occlusion;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.io.VersionedJson;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.host.quant.LayerReport;
import dev.pawscope.host.quant.QuantReport;
import dev.pawscope.host.testing.TinyModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pawscope report} on the tiny model fixture. */
class ReportCommandTest {

    private static final Pattern SRC_OR_HREF = Pattern.compile("\\b(src|href)\\s*=\\s*\"([^\"]*)\"");

    @TempDir
    Path tmp;

    @Test
    void writesOneSelfContainedPageWhoseNumbersMatchTheQuantReport() throws IOException {
        Path bench = tmp.resolve("bench-sim.json");
        Json.mapper().writeValue(bench.toFile(), Map.of("benchmark", "pawscope bench firmware (m, board sim)",
                "sim_frames_per_second_raw", 123.4, "sim_frames_per_second_rle", 150.0));
        Path out = tmp.resolve("report.html");
        CliRun run = CliRun.of("report", TinyModel.model().toString(), "--data", TinyModel.data().toString(), "--out",
                out.toString(), "--per-class", "1", "--images", "6", "--bench", bench.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("wrote " + out), run.toString());
        assertTrue(run.err().contains("explain"), "progress on stderr: " + run);
        String html = Files.readString(out);
        Files.copy(out, Path.of("target", "report-sample.html"), StandardCopyOption.REPLACE_EXISTING); // for a look

        // self-contained: every picture inside, nothing to fetch, nothing to run
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no linked style sheet");
        assertFalse(html.contains("url("), "no CSS resource");
        Matcher m = SRC_OR_HREF.matcher(html);
        int images = 0;
        while (m.find()) {
            assertTrue(m.group(2).startsWith("data:image/png;base64,"), "external reference " + m.group());
            if (images++ == 0) {
                byte[] png = Base64.getDecoder().decode(m.group(2).substring("data:image/png;base64,".length()));
                assertNotNull(ImageIO.read(new ByteArrayInputStream(png)), "a decodable PNG");
            }
        }
        // one row per class, each with the image and one map per method
        int methods = AttributionMethods.NAMES.size() + 1; // occlusion explains both models
        assertEquals(4 * (1 + methods), images, "4 classes x (image + " + methods + " maps)");

        for (String section : List.of("Accuracy: float twin and int8 model", "Where quantization loses precision",
                "What the models look at", "Localisation and float-int8 agreement", "Gallery: float against int8",
                "Memory and latency per board")) {
            assertTrue(html.contains(section), section);
        }
        QuantReport q = VersionedJson.read(TinyModel.model().resolve(QuantReport.FILE_NAME), QuantReport.FORMAT,
                QuantReport.VERSION, QuantReport.class, "");
        // the fixture was quantized on the same dataset, so the report's fresh evaluation equals quantize's
        assertTrue(html.contains("<div class=\"big\">" + percent(q.floatAccuracy()) + "</div><div class=\"what\">"
                + "float twin accuracy"), percent(q.floatAccuracy()));
        assertTrue(html.contains("<div class=\"big\">" + percent(q.int8Accuracy()) + "</div><div class=\"what\">"
                + "int8 model accuracy"), percent(q.int8Accuracy()));
        assertTrue(html.contains(percent(q.top1Agreement()) + "</div><div class=\"what\">same top-1"));
        List<String> labels = q.labels();
        for (int t = 0; t < labels.size(); t++) {
            for (int p = 0; p < labels.size(); p++) {
                for (int[][] counts : new int[][][] {q.float32Confusion(), q.int8Confusion()}) {
                    int row = java.util.Arrays.stream(counts[t]).sum();
                    String cell = String.format(Locale.ROOT, "title=\"%s predicted as %s: %d of %d\">%d</td>",
                            labels.get(t), labels.get(p), counts[t][p], row, counts[t][p]);
                    assertTrue(html.contains(cell), cell);
                }
            }
        }
        for (LayerReport l : q.layers()) {
            String row = String.format(Locale.ROOT, "<td class=\"l mono\">%s</td><td class=\"l mono\">%s</td>"
                    + "<td>%.5f</td>", l.name(), l.op(), l.cosine());
            assertTrue(html.contains(row), row);
        }
        int floatMaps = html.split("alt=\"float · ", -1).length - 1;
        assertEquals(4 * (AttributionMethods.FLOAT_NAMES.size() + 1), floatMaps, "every float method and occlusion");
        assertTrue(html.contains("int8 · " + Occlusion.NAME));
        for (String board : List.of("nano33ble", "esp32cam", "qemu-m4", "sim")) {
            assertTrue(html.contains("<strong>" + board + "</strong>"), board);
        }
        assertTrue(html.contains("123 frames/s (8.1 ms a frame)"), "the given sim benchmark's rate");
        assertTrue(html.contains("not measured"), "qemu-m4 had no benchmark");
        assertTrue(html.contains("pawscope report " + TinyModel.model()), "the command in the header");
    }

    @Test
    void aModelWithoutAFloatTwinGetsTheInt8PartsAndSaysWhy() throws IOException {
        Path model = copyModelWithout(ModelFolder.FLOAT_TWIN);
        Path out = tmp.resolve("int8-only.html");
        CliRun run = CliRun.of("report", model.toString(), "--data", TinyModel.data().toString(), "--out",
                out.toString(), "--per-class", "1", "--images", "2", "--no-link");
        assertEquals(0, run.exitCode(), run.toString());
        String html = Files.readString(out);
        assertTrue(html.contains("has no float twin (float_twin.zip)"), "the reason, in the report");
        assertTrue(html.contains("int8 · occlusion"));
        assertFalse(html.contains("float · Grad-CAM"), "no float explanations");
        assertTrue(html.contains("was not linked (--no-link)"));
    }

    @Test
    void badInputIsRefusedWithTheExpectedExitCode() throws IOException {
        String model = TinyModel.model().toString();
        String data = TinyModel.data().toString();
        String out = tmp.resolve("r.html").toString();

        CliRun run = CliRun.of("report", model, "--data", tmp.resolve("nowhere").toString(), "--out", out);
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected a dataset folder"), run.toString());

        Path other = tmp.resolve("d48");
        assertEquals(0, CliRun.of("dataset", "synth", "--out", other.toString(), "--per-class", "3", "--size", "48")
                .exitCode());
        run = CliRun.of("report", model, "--data", other.toString(), "--out", out);
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("the model eats 32x32"), run.toString());

        run = CliRun.of("report", copyModelWithout(Int8Files.INT8_TFLITE).toString(), "--data", data, "--out", out);
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected the int8 model") && run.err().contains("pawscope quantize"),
                run.toString());

        Path notBench = tmp.resolve("other.json");
        Files.writeString(notBench, "{\"benchmark\": \"pawscope bench train\"}");
        run = CliRun.of("report", model, "--data", data, "--out", out, "--bench", notBench.toString(), "--no-link");
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("bench firmware"), run.toString());

        run = CliRun.of("report", model, "--data", data, "--out", out, "--per-class", "0");
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());

        run = CliRun.of("report", model, "--data", data);
        assertEquals(ExitCode.USAGE.status(), run.exitCode(), run.toString());
        assertFalse(Files.exists(Path.of(out)), "nothing written on failure");
    }

    private Path copyModelWithout(String file) throws IOException {
        Path model = tmp.resolve("without-" + file);
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(TinyModel.model())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(file)) {
                    Files.copy(f, model.resolve(f.getFileName()));
                }
            }
        }
        return model;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }
}
