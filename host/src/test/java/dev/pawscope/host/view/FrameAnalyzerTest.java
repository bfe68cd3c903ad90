package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.Frame;
import dev.pawscope.host.link.ImageChunk;
import dev.pawscope.host.link.Layer;
import dev.pawscope.host.link.PixelFormat;
import dev.pawscope.host.link.TimeUnit;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysis of frames made by hand from the Java interpreter, as a perfect board would send them. */
class FrameAnalyzerTest {

    private static FrameAnalyzer analyzer;
    private static Int8Model model;
    private static final GrayImage IMAGE = CameraReel.synthetic(32, 11, 1).get(0);

    @BeforeAll
    static void load() {
        analyzer = FrameAnalyzer.load(TinyModel.model());
        model = analyzer.int8Model();
    }

    @Test
    void aFrameEqualToTheInterpreterMatchesTheEmulatorAndTracksTheFloatTwin() {
        FrameAnalysis a = analyzer.analyze(frame(List.of(0, 3, 7), -1), null);
        assertTrue(a.mapsEqualEmulator() && a.scoresEqualEmulator());
        assertEquals(List.of(0, 3, 7), a.device().channels());
        assertEquals(List.of(0, 3, 7), a.twin().channels());
        assertEquals(16, a.device().width(), "tiny's first conv has stride 2: 32 -> 16");
        for (double c : a.cosine()) {
            assertTrue(c > 0.9, "cosine " + c);
        }
        assertEquals(IMAGE, a.input());
        assertEquals("1.50 ms", a.inferenceTime());
        assertEquals(1.5, a.inferenceMillis(), 1e-9);
        float sum = 0;
        for (float p : a.floatScores()) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-4f, "the float twin's softmax");
    }

    @Test
    void oneWrongByteIsAMismatch() {
        FrameAnalysis a = analyzer.analyze(frame(List.of(0, 1), 37), null);
        assertFalse(a.mapsEqualEmulator());
        assertTrue(a.scoresEqualEmulator());
    }

    @Test
    void aFrameWithoutAnInputUsesTheImageSentAndOtherwiseSaysWhatIsMissing() {
        DeviceFrame bare = withoutInput(frame(List.of(2), -1));
        assertTrue(analyzer.analyze(bare, IMAGE).mapsEqualEmulator(), "the SET_INPUT image stands in");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(bare, null));
        assertTrue(e.getMessage().contains("SEND_INPUT"), e.getMessage());
    }

    /** A layer-0 frame with the interpreter's maps for {@code channels}; byte {@code corrupt} of the first flipped. */
    private static DeviceFrame frame(List<Integer> channels, int corrupt) {
        Graph g = model.graph();
        Activations q = new Interpreter(g).run(model.pixels().int8(IMAGE));
        int tensor = g.operators().get(0).output();
        Tensor t = g.tensor(tensor);
        byte[] nhwc = q.int8(tensor);
        int h = t.dim(1);
        int w = t.dim(2);
        int c = t.dim(3);
        Map<Integer, byte[]> maps = new LinkedHashMap<>();
        for (int ch : channels) {
            byte[] map = new byte[h * w];
            for (int p = 0; p < map.length; p++) {
                map[p] = nhwc[p * c + ch];
            }
            maps.put(ch, map);
        }
        if (corrupt >= 0) {
            maps.get(channels.get(0))[corrupt] ^= 1;
        }
        Layer layer = new Layer(0, h, w, c, Float.floatToIntBits(t.quantization().scale()),
                t.quantization().zeroPoint());
        Tensor out = g.tensor(g.outputs()[0]);
        Frame frame = new Frame(9, 1500, 0, Float.floatToIntBits(out.quantization().scale()),
                out.quantization().zeroPoint(), 0, 0, 0, TimeUnit.MICROSECONDS, q.int8(g.outputs()[0]));
        ImageChunk input = ImageChunk.whole(PixelFormat.GRAY8, 1, IMAGE.height(), IMAGE.width(), IMAGE.pixels());
        return new DeviceFrame(frame, layer, maps, input, 0, true, false);
    }

    private static DeviceFrame withoutInput(DeviceFrame f) {
        Map<Integer, byte[]> maps = new LinkedHashMap<>();
        f.channels().forEach(ch -> maps.put(ch, f.map(ch)));
        return new DeviceFrame(f.frame(), f.layer().orElseThrow(), maps, null, 0, true, true);
    }

    @Test
    void theLayerChooserNamesEveryOpWithItsShape() {
        List<String> names = analyzer.layerNames();
        assertEquals(model.graph().operators().size(), names.size());
        assertTrue(names.get(0).startsWith("0 0_conv2d [1, 16, 16, 8]"), names.get(0));
    }
}
