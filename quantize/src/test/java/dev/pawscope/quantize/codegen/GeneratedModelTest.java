package dev.pawscope.quantize.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.quantize.bitexact.RandomModels;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.tflite.TestGraphs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated C, compiled with gcc against the firmware core and run: every op's output must equal
 * the Java interpreter's, byte for byte.
 */
class GeneratedModelTest {

    static final Path FIRMWARE = Path.of("..", "firmware").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void generatedCodeComputesWhatTheInterpreterComputesForRandomModels() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            RandomModels.Case c = RandomModels.generate(seed);
            checkModel("random_" + seed, c.graph(), c.input());
        }
    }

    @Test
    void generatedCodeRunsAClassifierWithEveryOp() throws Exception {
        Graph g = TestGraphs.int8ConvNet();
        byte[] input = new byte[g.inputTensor().elementCount()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 37 - 100);
        }
        checkModel("convnet", g, input);
    }

    @Test
    void theGeneratedSourceNamesTheModelHashAndArena() {
        Graph g = TestGraphs.int8ConvNet();
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xab;
        CModelWriter.Sources s = CModelWriter.write(g, "convnet", hash, List.of("a", "b", "c", "d"), new byte[256],
                List.of("test"));
        assertTrue(s.header().contains("#define PS_MODEL_HASH_HEX \"ab00"), s.header());
        assertTrue(s.header().contains("#define PS_MODEL_ARENA_BYTES " + s.plan().arenaBytes() + "u"));
        assertTrue(s.source().contains("0xab, 0x00"), "hash bytes in the model struct");
    }

    private void checkModel(String name, Graph graph, byte[] input) throws Exception {
        assumeTrue(gccAvailable(), "gcc is needed to compile generated code");
        Path dir = Files.createDirectories(tmp.resolve(name));
        CModelWriter.Sources sources = CModelWriter.write(graph, name, new byte[32], List.of("x"), new byte[256],
                List.of("test model " + name));
        Files.writeString(dir.resolve("ps_generated_model.h"), sources.header());
        Files.writeString(dir.resolve("ps_generated_model.c"), sources.source());
        try (InputStream in = getClass().getResourceAsStream("/codegen/run_generated_model.c")) {
            Files.write(dir.resolve("main.c"), in.readAllBytes());
        }
        Files.write(dir.resolve("input.bin"), input);
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic",
                "-I" + FIRMWARE.resolve("include"), "-I" + FIRMWARE.resolve("src"), "-I" + dir, "-o",
                dir.resolve("run").toString()));
        try (Stream<Path> core = Files.list(FIRMWARE.resolve("src"))) {
            core.filter(p -> p.toString().endsWith(".c")).sorted().forEach(p -> command.add(p.toString()));
        }
        command.add(dir.resolve("ps_generated_model.c").toString());
        command.add(dir.resolve("main.c").toString());
        run(command, name + ": compile");
        String output = run(List.of(dir.resolve("run").toString(), dir.resolve("input.bin").toString()), name + ": run");

        Activations expected = new Interpreter(graph).run(input);
        String[] lines = output.strip().split("\n");
        assertEquals(graph.operators().size(), lines.length, name + ": one line per op\n" + output);
        for (int i = 0; i < lines.length; i++) {
            String[] parts = lines[i].split(" ");
            byte[] actual = parts.length > 2 ? HexFormat.of().parseHex(parts[2]) : new byte[0];
            byte[] want = expected.bytes(graph.operators().get(i).output());
            assertEquals(HexFormat.of().formatHex(want), HexFormat.of().formatHex(actual),
                    name + ": op " + i + " (" + graph.operators().get(i).type() + ")");
        }
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertEquals(0, code, what + " failed:\n" + out);
        return out;
    }

    private static boolean gccAvailable() {
        try {
            return new ProcessBuilder("gcc", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
