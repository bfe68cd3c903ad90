package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.testing.TinyModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pawscope explain} on the tiny model fixture. */
class ExplainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesOneSheetPerImageWithBothModelsAndConvertsAColourImage() throws IOException {
        Path image = datasetImage();
        Path colour = tmp.resolve("colour photo.jpg");
        BufferedImage rgb = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(0, 0, 60, 40);
        g.setColor(new Color(230, 200, 120));
        g.fillOval(20, 8, 22, 26);
        g.dispose();
        ImageIO.write(rgb, "jpg", colour.toFile());
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("explain", TinyModel.model().toString(), image.toString(), colour.toString(),
                "--method", "integrated", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("converted to 32x32"), run.toString());
        assertTrue(run.out().contains("Spearman"), run.toString());
        List<Path> pngs = pngs(out);
        assertEquals(2, pngs.size(), pngs.toString());
        BufferedImage sheet = ImageIO.read(pngs.get(0).toFile());
        assertTrue(sheet.getWidth() > 3 * 256 && sheet.getHeight() > 256, sheet.getWidth() + "x" + sheet.getHeight());
        // kept for a look: host/target/explain-sample.png
        Files.copy(out.resolve(stem(image) + "_integrated.png"), Path.of("target", "explain-sample.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void allMethodsWithAChosenClass() throws IOException {
        Path out = tmp.resolve("all");
        CliRun run = CliRun.of("explain", TinyModel.model().toString(), datasetImage().toString(), "--method", "all",
                "--class", "sit", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(6, pngs(out).size(), run.toString());
        assertTrue(run.out().contains("class 'sit'"), run.toString());
        for (String m : new String[] {"gradient", "smoothgrad", "guided", "gradcam", "integrated", "occlusion"}) {
            assertTrue(Files.exists(out.resolve(stem(datasetImage()) + "_" + m + ".png")), m);
        }
    }

    @Test
    void anUnknownMethodOrClassIsRefusedWithTheValidOnes() throws IOException {
        CliRun run = CliRun.of("explain", TinyModel.model().toString(), datasetImage().toString(), "--method", "lime",
                "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("gradient, smoothgrad, guided, gradcam, integrated, occlusion"), run.toString());
        run = CliRun.of("explain", TinyModel.model().toString(), datasetImage().toString(), "--class", "fly",
                "--out", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("sit"), run.toString());
    }

    @Test
    void aModelWithoutAFloatTwinGetsTheInt8OcclusionOnly() throws IOException {
        Path model = tmp.resolve("int8-only");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(TinyModel.model())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(ModelFolder.FLOAT_TWIN)) {
                    Files.copy(f, model.resolve(f.getFileName()));
                }
            }
        }
        Path out = tmp.resolve("o");
        CliRun run = CliRun.of("explain", model.toString(), datasetImage().toString(), "--method", "all", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("no float twin"), run.toString());
        assertEquals(List.of(stem(datasetImage()) + "_occlusion.png"),
                pngs(out).stream().map(p -> p.getFileName().toString()).toList());
        run = CliRun.of("explain", model.toString(), datasetImage().toString(), "--method", "gradcam", "--out",
                out.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("occlusion"), run.toString());
    }

    @Test
    void benchExplainReportsEveryMethodAndTheAgreement() throws IOException {
        Path json = Path.of("target", "bench-explain.json"); // kept for a look
        CliRun run = CliRun.of("bench", "explain", "--model", TinyModel.model().toString(), "--data",
                TinyModel.data().toString(), "--images", "24", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.toString());
        System.out.println(run.out());
        String text = Files.readString(json);
        for (String key : new String[] {"float_integrated_ms", "float_guided_ms", "float_guided_mask_share",
                "float_guided_pointing_game", "float_int8_spearman_guided", "float_gradcam_mask_share",
                "int8_occlusion_pointing_game",
                "float_int8_spearman\"", "float_int8_top10_iou\"", "mask_area_share"}) {
            assertTrue(text.contains(key), key + " in " + text);
        }
        assertFalse(text.contains("NaN"), text);
    }

    /** A test image of the fixture's dataset that shows a dog. */
    static Path datasetImage() {
        Dataset d = Dataset.open(TinyModel.data());
        for (LabeledImage li : d.load(Split.TEST)) {
            if (li.entry().hasMask() && d.labels().get(li.labelIndex()).equals("sit")) {
                return TinyModel.data().resolve(li.entry().path());
            }
        }
        throw new AssertionError("no test image of a sitting dog");
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }
}
