package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.PngCodec;
import dev.pawscope.host.explain.FloatTwin;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.testing.TinyModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pawscope explain --filters / --maps / --maximize / --method guided} on the tiny model fixture. */
class ExplainInsideTest {

    @TempDir
    Path tmp;

    private final String model = TinyModel.model().toString();

    @Test
    void filtersNeedNoImageAndDrawEveryFirstLayerFilter() throws IOException {
        Path out = tmp.resolve("f");
        CliRun run = CliRun.of("explain", model, "--filters", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        Path png = out.resolve("filters_conv1.png");
        BufferedImage sheet = ImageIO.read(png.toFile());
        // 8 filters of 3x3 at 32 px a weight, in one row
        assertTrue(sheet.getWidth() > 8 * 96 && sheet.getHeight() > 96, sheet.getWidth() + "x" + sheet.getHeight());
        Files.copy(png, Path.of("target", "explain-filters-sample.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void mapsOfALayerForAWrongSizeImageConvertItWithANote() throws IOException {
        Path big = tmp.resolve("big.png");
        GrayImage small = PngCodec.read(ExplainCommandTest.datasetImage());
        BufferedImage rgb = new BufferedImage(64, 50, BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(PngCodec.toBuffered(small), 0, 0, 64, 50, null);
        ImageIO.write(rgb, "png", big.toFile());
        Path out = tmp.resolve("m");
        CliRun run = CliRun.of("explain", model, big.toString(), "--maps", "conv1,4_relu", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("converted to 32x32"), run.toString());
        assertTrue(Files.exists(out.resolve("big_maps_conv1.png")), run.toString());
        assertTrue(Files.exists(out.resolve("big_maps_relu2.png")), run.toString());
        assertEquals(2, count(out), "no attribution sheets unless --method is given");
    }

    @Test
    void anUnknownLayerListsTheValidOnes() {
        CliRun run = CliRun.of("explain", model, ExplainCommandTest.datasetImage().toString(), "--maps", "conv9",
                "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("conv1 (0_conv2d, 8 x 16x16)") && run.err().contains("conv2 (3_conv2d"),
                run.toString());
        run = CliRun.of("explain", model, "--maximize", "fly", "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("sit, stand") && run.err().contains("pool1"), run.toString());
        run = CliRun.of("explain", model, "--maximize", "conv2:8", "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("channels 0..7"), run.toString());
        run = CliRun.of("explain", model, "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected an IMAGE"), run.toString());
    }

    @Test
    void maximisingAClassGivesAnImageTheFloatTwinCallsThatClass() throws IOException {
        Path out = tmp.resolve("x");
        CliRun run = CliRun.of("explain", model, "--maximize", "lie_down,conv2:3", "--steps", "40", "--seed", "5",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        for (String f : new String[] {"maximize_class_lie_down.png", "maximize_class_lie_down_input.png",
                "maximize_conv2_3.png", "maximize_conv2_3_input.png"}) {
            assertTrue(Files.exists(out.resolve(f)), f + "\n" + run);
        }
        GrayImage found = PngCodec.read(out.resolve("maximize_class_lie_down_input.png"));
        assertEquals(32, found.width());
        FloatTwin twin = FloatTwin.load(ModelFolder.open(TinyModel.model()));
        float[] p = twin.scores(found);
        int lieDown = 2;
        for (int c = 0; c < p.length; c++) {
            assertTrue(c == lieDown || p[c] < p[lieDown], java.util.Arrays.toString(p));
        }
        Files.copy(out.resolve("maximize_class_lie_down.png"), Path.of("target", "explain-maximize-sample.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aModelWithoutAFloatTwinRefusesTheInsideViewsAndSaysWhatItOffers() throws IOException {
        Path int8Only = tmp.resolve("int8-only");
        Files.createDirectories(int8Only);
        try (Stream<Path> files = Files.list(TinyModel.model())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(ModelFolder.FLOAT_TWIN)) {
                    Files.copy(f, int8Only.resolve(f.getFileName()));
                }
            }
        }
        CliRun run = CliRun.of("explain", int8Only.toString(), "--filters", "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("no float_twin.zip") && run.err().contains("--method occlusion"),
                run.toString());
        run = CliRun.of("explain", int8Only.toString(), ExplainCommandTest.datasetImage().toString(), "--method",
                "guided", "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("occlusion"), run.toString());
        // without --method it explains what it can, and says so
        Path out = tmp.resolve("o");
        run = CliRun.of("explain", int8Only.toString(), ExplainCommandTest.datasetImage().toString(), "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("no float twin") && run.err().contains("occlusion"), run.toString());
        assertEquals(1, count(out));
    }

    @Test
    void guidedBackpropIsAMethodOfExplain() throws IOException {
        Path out = tmp.resolve("g");
        CliRun run = CliRun.of("explain", model, ExplainCommandTest.datasetImage().toString(), "--method", "guided",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("guided backprop"), run.toString());
        assertEquals(1, count(out));
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".png")).count();
        }
    }
}
