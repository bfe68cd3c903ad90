package dev.pawscope.quantize.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent check of {@link TfLiteWriter}: the real {@code flatc} (2.0.8, Debian's {@code
 * flatbuffers-compiler}) decodes the written bytes with a schema written by hand from TFLite's
 * {@code schema.fbs} ({@code tflite_subset.fbs}, explicit field ids), and the JSON must say what the
 * graph says: op codes and versions, shapes, types, buffers and their bytes, quantization, options.
 * A wrong field id, union number or enum value in {@link TfLiteSchema} shows up here as a field
 * in the wrong place. flatc prints floats with six decimals, so scales are compared to 5e-7.
 *
 * <p>Skipped, saying so, where flatc is not installed.
 */
class TfLiteFlatcCrossCheckTest {

    private static final String SCHEMA = "tflite_subset.fbs";
    private static final double FLATC_FLOAT_TOLERANCE = 5.01e-7;

    @TempDir
    Path dir;

    @BeforeAll
    static void flatcIsInstalled() {
        Assumptions.assumeTrue(flatcRuns(), "flatc is not installed (Debian: apt-get install flatbuffers-compiler);"
                + " the flatc cross-check of the .tflite writer is skipped");
    }

    private static boolean flatcRuns() {
        try {
            Process p = new ProcessBuilder("flatc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** flatc's JSON of the written graph. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> decode(Graph graph) throws IOException, InterruptedException {
        Path model = dir.resolve("model.tflite");
        Files.write(model, TfLiteWriter.write(graph));
        Path schema = dir.resolve(SCHEMA);
        try (InputStream in = TfLiteFlatcCrossCheckTest.class.getResourceAsStream(SCHEMA)) {
            Files.write(schema, in.readAllBytes());
        }
        Process flatc = new ProcessBuilder("flatc", "--json", "--strict-json", "--raw-binary", "--defaults-json",
                "-o", dir.toString(), schema.toString(), "--", model.toString()).redirectErrorStream(true).start();
        String output = new String(flatc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(flatc.waitFor(60, TimeUnit.SECONDS), "flatc did not finish");
        assertEquals(0, flatc.exitValue(), "flatc failed: " + output);
        String json = Files.readString(dir.resolve("model.json"));
        return (Map<String, Object>) MiniJson.parse(json);
    }

    @Test
    void flatcReadsTheInt8ModelAsWritten() throws Exception {
        Graph graph = TestGraphs.int8ConvNetFloatIo();
        Map<String, Object> json = decode(graph);
        checkModel(graph, json);
        assertEquals(Map.of("QUANTIZE", 1L, "CONV_2D", 3L, "MAX_POOL_2D", 2L, "DEPTHWISE_CONV_2D", 3L,
                "AVERAGE_POOL_2D", 2L, "RESHAPE", 1L, "FULLY_CONNECTED", 4L, "SOFTMAX", 2L, "DEQUANTIZE", 2L),
                versions(json));
    }

    @Test
    void flatcReadsTheFloat32ModelAsWritten() throws Exception {
        Graph graph = TestGraphs.float32ConvNet();
        Map<String, Object> json = decode(graph);
        checkModel(graph, json);
        versions(json).forEach((op, version) -> assertEquals(1L, version, op));
    }

    @Test
    void flatcReadsTheInt8ModelWithIntegerInputAsWritten() throws Exception {
        Graph graph = TestGraphs.int8ConvNet();
        checkModel(graph, decode(graph));
    }

    private static Map<String, Long> versions(Map<String, Object> json) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (Map<String, Object> code : objects(json.get("operator_codes"))) {
            versions.put((String) code.get("builtin_code"), (Long) code.get("version"));
        }
        return versions;
    }

    private static void checkModel(Graph graph, Map<String, Object> json) {
        assertEquals(3L, json.get("version"));
        assertEquals(graph.description(), json.get("description"));
        List<Map<String, Object>> buffers = objects(json.get("buffers"));
        assertFalse(buffers.get(0).containsKey("data"), "buffer 0 is the empty sentinel");

        List<Map<String, Object>> subgraphs = objects(json.get("subgraphs"));
        assertEquals(1, subgraphs.size());
        Map<String, Object> subgraph = subgraphs.get(0);
        assertEquals("main", subgraph.get("name"));
        assertEquals(longs(graph.inputs()), subgraph.get("inputs"));
        assertEquals(longs(graph.outputs()), subgraph.get("outputs"));

        List<Map<String, Object>> tensors = objects(subgraph.get("tensors"));
        assertEquals(graph.tensors().size(), tensors.size());
        int constants = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor tensor = graph.tensor(i);
            Map<String, Object> t = tensors.get(i);
            String what = "tensor " + i + " " + tensor.name();
            assertEquals(tensor.name(), t.get("name"), what);
            assertEquals(tensor.type().name(), t.get("type"), what);
            assertEquals(longs(tensor.shape()), t.get("shape"), what);
            long buffer = (Long) t.get("buffer");
            if (tensor.isConstant()) {
                constants++;
                assertTrue(buffer > 0, what);
                assertEquals(unsignedBytes(tensor.data()), buffers.get((int) buffer).get("data"), what);
            } else {
                assertEquals(0L, buffer, what + " is an activation");
            }
            checkQuantization(tensor.quantization(), map(t.get("quantization")), what);
        }
        assertEquals(1 + constants, buffers.size(), "buffer 0 and one per constant");

        List<Map<String, Object>> codes = objects(json.get("operator_codes"));
        List<Map<String, Object>> operators = objects(subgraph.get("operators"));
        assertEquals(graph.operators().size(), operators.size());
        for (int i = 0; i < operators.size(); i++) {
            Operator op = graph.operators().get(i);
            Map<String, Object> o = operators.get(i);
            String what = "op " + i + " " + op.type();
            Map<String, Object> code = codes.get(((Long) o.get("opcode_index")).intValue());
            assertEquals(op.type().name(), code.get("builtin_code"), what);
            assertEquals((long) Math.min(op.type().builtinCode(), 127), code.get("deprecated_builtin_code"), what);
            assertEquals(longs(op.inputs()), o.get("inputs"), what);
            assertEquals(longs(op.outputs()), o.get("outputs"), what);
            assertEquals(optionsName(op.type()), o.get("builtin_options_type"), what);
            if (!(op.options() instanceof OpOptions.None)) {
                assertEquals(expectedOptions(op.options()), o.get("builtin_options"), what);
            }
        }
    }

    private static void checkQuantization(Quantization q, Map<String, Object> json, String what) {
        assertEquals("NONE", json.get("details_type"), what);
        if (q == null) {
            assertFalse(json.containsKey("scale"), what + " has no scales");
            assertFalse(json.containsKey("zero_point"), what + " has no zero points");
            return;
        }
        List<Object> scales = list(json.get("scale"));
        assertEquals(q.channels(), scales.size(), what);
        for (int c = 0; c < scales.size(); c++) {
            assertEquals(q.scale(c), ((Number) scales.get(c)).doubleValue(), FLATC_FLOAT_TOLERANCE, what + " scale " + c);
        }
        assertEquals(longs(q.zeroPoints()), json.get("zero_point"), what);
        assertEquals((long) q.quantizedDimension(), json.get("quantized_dimension"), what);
    }

    /** The union member as the schema names it. */
    private static String optionsName(OpType type) {
        return switch (type) {
            case CONV_2D -> "Conv2DOptions";
            case DEPTHWISE_CONV_2D -> "DepthwiseConv2DOptions";
            case MAX_POOL_2D, AVERAGE_POOL_2D -> "Pool2DOptions";
            case FULLY_CONNECTED -> "FullyConnectedOptions";
            case SOFTMAX -> "SoftmaxOptions";
            case RESHAPE -> "ReshapeOptions";
            case QUANTIZE, DEQUANTIZE -> "NONE";
        };
    }

    /** The options table as flatc prints it with --defaults-json (enums by name, every scalar). */
    private static Map<String, Object> expectedOptions(OpOptions options) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (options instanceof OpOptions.Conv2D o) {
            m.put("padding", o.padding().name());
            m.put("stride_w", (long) o.strideW());
            m.put("stride_h", (long) o.strideH());
            m.put("fused_activation_function", o.activation().name());
            m.put("dilation_w_factor", (long) o.dilationW());
            m.put("dilation_h_factor", (long) o.dilationH());
        } else if (options instanceof OpOptions.DepthwiseConv2D o) {
            m.put("padding", o.padding().name());
            m.put("stride_w", (long) o.strideW());
            m.put("stride_h", (long) o.strideH());
            m.put("depth_multiplier", (long) o.depthMultiplier());
            m.put("fused_activation_function", o.activation().name());
            m.put("dilation_w_factor", (long) o.dilationW());
            m.put("dilation_h_factor", (long) o.dilationH());
        } else if (options instanceof OpOptions.Pool2D o) {
            m.put("padding", o.padding().name());
            m.put("stride_w", (long) o.strideW());
            m.put("stride_h", (long) o.strideH());
            m.put("filter_width", (long) o.filterW());
            m.put("filter_height", (long) o.filterH());
            m.put("fused_activation_function", o.activation().name());
        } else if (options instanceof OpOptions.FullyConnected o) {
            m.put("fused_activation_function", o.activation().name());
            m.put("weights_format", "DEFAULT");
            m.put("keep_num_dims", o.keepNumDims());
        } else if (options instanceof OpOptions.Softmax o) {
            m.put("beta", (double) o.beta());
        } else if (options instanceof OpOptions.Reshape o) {
            m.put("new_shape", longs(o.newShape()));
        }
        return m;
    }

    private static List<Object> longs(int[] values) {
        List<Object> list = new ArrayList<>();
        for (int v : values) {
            list.add((long) v);
        }
        return list;
    }

    private static List<Object> unsignedBytes(byte[] values) {
        List<Object> list = new ArrayList<>();
        for (byte v : values) {
            list.add((long) (v & 0xFF));
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object json) {
        return (List<Object>) json;
    }

    private static List<Map<String, Object>> objects(Object json) {
        return list(json).stream().map(TfLiteFlatcCrossCheckTest::map).toList();
    }
}
