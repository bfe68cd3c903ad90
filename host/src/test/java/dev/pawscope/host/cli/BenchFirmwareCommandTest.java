package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pawscope bench firmware --board qemu-m4}: its arithmetic, and a real run where QEMU is installed. */
class BenchFirmwareCommandTest {

    @TempDir
    Path tmp;

    @Test
    void macsCountEveryProductOfTheGraphsConvolutionsAndDenseLayers() throws Exception {
        Graph graph = Int8Model.load(TinyModel.model()).graph();
        long conv = 0;
        for (Operator op : graph.operators()) {
            long macs = BenchFirmwareCommand.macs(graph, op);
            Tensor out = graph.tensor(op.output());
            if (op.type() == OpType.CONV_2D) {
                Tensor filter = graph.tensor(op.input(1));
                // out_h * out_w * C_out * KH * KW * C_in, batch 1
                assertEquals((long) out.dim(1) * out.dim(2) * out.dim(3) * filter.dim(1) * filter.dim(2) * filter.dim(3),
                        macs, op.toString());
                conv += macs;
            } else if (op.type() == OpType.FULLY_CONNECTED) {
                Tensor weights = graph.tensor(op.input(1));
                assertEquals((long) weights.dim(0) * weights.dim(1), macs, "inputs x outputs: " + op);
            } else if (op.type() != OpType.DEPTHWISE_CONV_2D) {
                assertEquals(0, macs, "no multiply-accumulates in " + op);
            }
        }
        assertTrue(conv > 0, "the tiny model has convolutions");
    }

    @Test
    void theLayerTimeLineIsTheOnePROTOCOLmdSpecifies() {
        Matcher m = BenchFirmwareCommand.LAYER_TIME.matcher("layer_time op=3 type=CONV_2D time=812345 unit=instructions");
        assertTrue(m.matches());
        assertEquals("3", m.group(1));
        assertEquals("CONV_2D", m.group(2));
        assertEquals("812345", m.group(3));
        assertFalse(BenchFirmwareCommand.LAYER_TIME.matcher("layer_time op=3 type=CONV_2D time=-1 unit=instructions")
                .matches());
    }

    @Test
    void anUnknownBoardIsRefusedBeforeAnythingIsBuilt() {
        CliRun run = CliRun.of("bench", "firmware", "--board", "nano33ble", "--model", tmp.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected --board sim or qemu-m4"), run.toString());
    }

    @Test
    void onTheQemuBoardBothBuildsScoreAlikeAndTheDspOneNeedsFewerInstructions() throws Exception {
        assumeTrue(onPath("make") && onPath("arm-none-eabi-gcc") && onPath("qemu-system-arm"),
                "make, arm-none-eabi-gcc or qemu-system-arm is missing");
        Path json = tmp.resolve("bench.json");
        CliRun run = CliRun.of("bench", "firmware", "--board", "qemu-m4", "--model", TinyModel.model().toString(),
                "--images", "2", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("footprint (DSP kernels): flash"), run.out());

        JsonNode doc = Json.mapper().readTree(Files.readAllBytes(json));
        long inference = doc.get("instructions_per_inference").asLong();
        long portable = doc.get("instructions_per_inference_portable").asLong();
        assertTrue(inference > 0 && portable > inference, "DSP " + inference + ", portable " + portable);
        assertEquals((double) portable / inference, doc.get("dsp_speedup").asDouble(), 1e-9);

        Graph graph = Int8Model.load(TinyModel.model()).graph();
        JsonNode layers = doc.get("layers");
        assertEquals(graph.operators().size(), layers.size(), "one entry per op");
        long sum = 0;
        long macs = 0;
        for (JsonNode layer : layers) {
            assertTrue(layer.get("instructions").asLong() > 0, layer.toString());
            sum += layer.get("instructions").asLong();
            macs += layer.get("macs").asLong();
        }
        assertEquals(macs, doc.get("macs_per_inference").asLong());
        // the layer times leave out only the reading of the clock between ops (and its 40-instruction ticks)
        assertTrue(Math.abs(sum - inference) <= 200L * layers.size() + 40,
                "layers sum to " + sum + ", the FRAME says " + inference);

        assertTrue(doc.get("flash_bytes").asLong() <= 983_040, "fits the Nano 33 BLE's flash");
        assertTrue(doc.get("ram_bytes").asLong() <= 262_144, "fits its RAM");
        assertEquals(doc.get("flash_bytes").asLong(), doc.get("flash_code_bytes").asLong()
                + doc.get("flash_model_bytes").asLong() + doc.get("flash_other_bytes").asLong(), "flash adds up");
        assertEquals(doc.get("ram_bytes").asLong(), doc.get("ram_arena_bytes").asLong()
                + doc.get("ram_stack_bytes").asLong() + doc.get("ram_protocol_bytes").asLong()
                + doc.get("ram_input_bytes").asLong() + doc.get("ram_other_bytes").asLong(), "RAM adds up");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
