package dev.pawscope.host.arduino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.ImageResizer;
import dev.pawscope.host.link.Config;
import dev.pawscope.host.link.Frame;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.HelloRequest;
import dev.pawscope.host.link.Image;
import dev.pawscope.host.link.ImageChunk;
import dev.pawscope.host.link.MapEncoding;
import dev.pawscope.host.link.Message;
import dev.pawscope.host.link.Packet;
import dev.pawscope.host.link.PacketDecoder;
import dev.pawscope.host.link.PixelFormat;
import dev.pawscope.host.link.Protocol;
import dev.pawscope.host.link.SetInput;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import dev.pawscope.quantize.interpreter.Interpreter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Arduino sketches checked on the host, as far as that is possible without the Arduino
 * cores: the exported library's C sources compile as C99 with gcc, each sketch compiles as C++11
 * with g++ against the stub headers of firmware/tests/arduino/stubs/ (exactly the core, camera
 * and ESP-IDF API the sketches use), and each sketch links with the library and a stub runtime
 * (which checks its extern "C" blocks) and runs: it answers HELLO, runs a host-sent frame with
 * the reference interpreter's scores, and streams a stub camera frame scaled like the host's
 * photo import. Not checked here: the real cores' headers, the ARM/Xtensa compilers, the
 * libraries' real behaviour, the boards themselves. Skipped where gcc or g++ is missing.
 */
class ArduinoSketchCompileTest {

    static final Path HOME = PawscopeHome.locate();
    static final Path STUBS = HOME.resolve("firmware/tests/arduino/stubs");
    /** What the cores define, as far as the sketches and stubs look (-DARDUINO_ARCH_{build.arch} and the like). */
    static final List<String> NANO_DEFINES = List.of("-DARDUINO_ARCH_MBED", "-DARDUINO_ARCH_NRF52840",
            "-DARDUINO_ARDUINO_NANO33BLE");
    static final List<String> ESP32_DEFINES = List.of("-DARDUINO_ARCH_ESP32", "-DESP32", "-DARDUINO_ESP32_DEV");
    static final List<String> CXX = List.of("g++", "-std=c++11", "-Wall", "-Wextra", "-Werror", "-x", "c++");
    /** The stub camera's frame: ((x * 3 + y * 5) ^ (x * y)) & 0xFF, as stub_runtime.cpp. */
    static final int NANO_CAMERA_WIDTH = 176;
    static final int NANO_CAMERA_HEIGHT = 144;
    static final int ESP32_CAMERA_WIDTH = 160;
    static final int ESP32_CAMERA_HEIGHT = 120;

    @TempDir
    static Path dir;
    static Path library;
    static List<Path> objects;
    static final Map<String, Path> programs = new HashMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void exportTheTinyModelAndCompileTheLibrarysCSources() throws Exception {
        assumeTrue(NativeTools.onPath("gcc") && NativeTools.onPath("g++"),
                "gcc or g++ is missing (Debian: sudo apt-get install gcc g++)");
        Path zip = dir.resolve("pawscope.zip");
        NativeTools.Run export = NativeTools.cli("export", "arduino", TinyModel.model().toString(), "--out",
                zip.toString());
        assertEquals(0, export.exitCode(), export.toString());
        for (Map.Entry<String, byte[]> file : ArduinoExportTest.unzip(zip).entrySet()) {
            Path target = dir.resolve("lib").resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        library = dir.resolve("lib/pawscope");
        Path obj = Files.createDirectories(dir.resolve("obj"));
        objects = new ArrayList<>();
        try (Stream<Path> sources = Files.list(library.resolve("src"))) {
            for (Path c : sources.filter(p -> p.toString().endsWith(".c")).sorted().toList()) {
                Path o = obj.resolve(c.getFileName().toString().replace(".c", ".o"));
                // as C, as the Arduino builders compile a library's .c files; warnings are errors here
                NativeTools.check(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O1",
                        "-I" + library.resolve("src"), "-c", c.toString(), "-o", o.toString()));
                objects.add(o);
            }
        }
    }

    @Test
    void everyCSourceOfTheLibraryCompilesAsC99() throws IOException {
        try (Stream<Path> sources = Files.list(library.resolve("src"))) {
            assertEquals(sources.filter(p -> p.toString().endsWith(".c")).count(), objects.size());
        }
        assertTrue(objects.stream().anyMatch(o -> o.getFileName().toString().equals("ps_generated_model.o")));
    }

    @Test
    void eachSketchPassesAGppSyntaxCheckAgainstTheStubs() throws Exception {
        syntaxCheck("nano33ble", NANO_DEFINES);
        List<String> tinyMlx = new ArrayList<>(NANO_DEFINES);
        tinyMlx.add("-DPS_NANO_CAMERA_TINYMLX=1");
        syntaxCheck("nano33ble", tinyMlx);
        syntaxCheck("esp32cam", ESP32_DEFINES);
        // a user's own sketch: the umbrella header alone gives C linkage
        Path own = tmp.resolve("own.cpp");
        Files.writeString(own, "#include <pawscope.h>\nint main() { ps_app app; return ps_app_tx_pending(&app) > 0 "
                + "&& ps_generated_model.n_ops > 0; }\n");
        NativeTools.check(List.of("g++", "-std=c++11", "-Wall", "-Wextra", "-Werror", "-I" + library.resolve("src"),
                "-fsyntax-only", own.toString()));
    }

    @Test
    void theNanoSketchAndTheLibraryCompileForItsCortexM4F() throws Exception {
        // The Nano's CPU and float ABI (ArduinoCore-mbed boards.txt: cortex-m4, fpv4-sp-d16, softfp) with
        // arm-none-eabi-gcc, as the qemu-m4 board uses: 32-bit int sizes and the DSP kernels' path.
        assumeTrue(NativeTools.onPath("arm-none-eabi-gcc") && NativeTools.onPath("arm-none-eabi-g++"),
                "arm-none-eabi-gcc is missing (Debian: sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)");
        List<String> cpu = List.of("-mcpu=cortex-m4", "-mthumb", "-mfpu=fpv4-sp-d16", "-mfloat-abi=softfp", "-Os");
        Path obj = Files.createDirectories(tmp.resolve("arm"));
        try (Stream<Path> sources = Files.list(library.resolve("src"))) {
            for (Path c : sources.filter(p -> p.toString().endsWith(".c")).sorted().toList()) {
                List<String> command = new ArrayList<>(List.of("arm-none-eabi-gcc", "-std=gnu11", "-Wall", "-Wextra",
                        "-Werror"));
                command.addAll(cpu);
                command.addAll(List.of("-I" + library.resolve("src"), "-c", c.toString(), "-o",
                        obj.resolve(c.getFileName() + ".o").toString()));
                NativeTools.check(command);
            }
        }
        List<String> sketch = new ArrayList<>(List.of("arm-none-eabi-g++", "-std=gnu++14", "-Wall", "-Wextra", "-Werror",
                "-x", "c++"));
        sketch.addAll(cpu);
        sketch.addAll(NANO_DEFINES);
        sketch.addAll(List.of("-I" + STUBS, "-I" + library.resolve("src"), "-I" + library.resolve("examples/nano33ble"),
                "-c", library.resolve("examples/nano33ble/nano33ble.ino").toString(), "-o",
                obj.resolve("nano33ble.o").toString()));
        NativeTools.check(sketch);
    }

    @Test
    void aSketchBuiltForTheOtherBoardStopsWithAClearError() throws Exception {
        NativeTools.Run run = NativeTools.run(syntaxCommand("nano33ble", ESP32_DEFINES), null, Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("this is the Nano 33 BLE sketch"), run.err());
        run = NativeTools.run(syntaxCommand("esp32cam", NANO_DEFINES), null, Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("this is the ESP32-CAM sketch"), run.err());
    }

    @Test
    void theNanoSketchAnswersHelloAndRunsAHostSentFrameLikeTheReferenceInterpreter() throws Exception {
        hostSentFrame("nano33ble", NANO_DEFINES, 0); // availableForWrite() 0, as the mbed core reports
    }

    @Test
    void theEsp32SketchAnswersHelloAndRunsAHostSentFrameLikeTheReferenceInterpreter() throws Exception {
        hostSentFrame("esp32cam", ESP32_DEFINES, 256);
    }

    @Test
    void theNanoSketchStreamsCameraFramesScaledLikeTheHostsPhotoImport() throws Exception {
        cameraFrame("nano33ble", NANO_DEFINES, 0, NANO_CAMERA_WIDTH, NANO_CAMERA_HEIGHT);
    }

    @Test
    void theEsp32SketchStreamsCameraFramesScaledLikeTheHostsPhotoImport() throws Exception {
        cameraFrame("esp32cam", ESP32_DEFINES, 256, ESP32_CAMERA_WIDTH, ESP32_CAMERA_HEIGHT);
    }

    /** No camera: HELLO without CAP_CAMERA, and SET_INPUT's FRAME has the interpreter's scores. */
    private void hostSentFrame(String board, List<String> defines, int txRoom) throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        byte[] input = new byte[model.graph().inputTensor().elementCount()];
        new Random(7).nextBytes(input);
        byte[] expected = new Interpreter(model.graph()).run(input).int8(model.graph().outputs()[0]);
        int[] shape = model.graph().inputTensor().shape(); // NHWC
        int height = shape[1];
        int width = shape[2];
        int channels = shape[3];

        ByteArrayOutputStream host = new ByteArrayOutputStream();
        int seq = 1;
        host.write(Packet.of(HelloRequest.current(), seq++).toWire());
        int rowBytes = width * channels;
        int rowsPerChunk = (Protocol.MAX_PAYLOAD - Protocol.IMAGE_CHUNK_SIZE) / rowBytes;
        int lastSeq = 0;
        for (int row0 = 0; row0 < height; row0 += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, height - row0);
            ImageChunk chunk = new ImageChunk(PixelFormat.INPUT_S8, channels, height, width, row0, rows,
                    Arrays.copyOfRange(input, row0 * rowBytes, (row0 + rows) * rowBytes));
            lastSeq = seq;
            host.write(Packet.of(new SetInput(chunk), seq++).toWire());
        }
        List<Packet> replies = runSketch(board, defines, host.toByteArray(), false, txRoom);

        Hello hello = only(replies, Hello.class);
        assertEquals(board, hello.boardId());
        assertArrayEquals(model.sha256(), hello.modelHash(), "HELLO.model_hash is the model's");
        assertFalse(hello.hasCapability(Protocol.CAP_CAMERA), "no camera: host-sent frames only");
        assertTrue(hello.hasCapability(Protocol.CAP_SET_INPUT));
        assertEquals(List.of(height, width, channels), List.of(hello.inputHeight(), hello.inputWidth(),
                hello.inputChannels()));
        int requestSeq = lastSeq;
        Packet reply = replies.stream().filter(p -> p.message() instanceof Frame && p.isReply()
                && p.refSeq() == requestSeq).findFirst().orElseThrow(() -> new AssertionError(
                        "no FRAME answers the last SET_INPUT chunk: " + replies));
        assertArrayEquals(expected, ((Frame) reply.message()).scores(),
                board + " scores are the reference interpreter's: " + Arrays.toString(expected));
    }

    /** A camera and an open credit window: a FRAME of the stub frame, scaled as the host imports photos. */
    private void cameraFrame(String board, List<String> defines, int txRoom, int cameraWidth, int cameraHeight)
            throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        int[] shape = model.graph().inputTensor().shape();
        byte[] camera = new byte[cameraWidth * cameraHeight];
        for (int y = 0; y < cameraHeight; y++) {
            for (int x = 0; x < cameraWidth; x++) {
                camera[y * cameraWidth + x] = (byte) (((x * 3 + y * 5) ^ (x * y)) & 0xFF);
            }
        }
        byte[] scaled = ImageResizer.coverAndCenterCrop(new GrayImage(cameraWidth, cameraHeight, camera), shape[2],
                shape[1]).pixels();
        byte[] table = model.pixels().table();
        byte[] input = new byte[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            input[i] = table[scaled[i] & 0xFF];
        }
        byte[] expected = new Interpreter(model.graph()).run(input).int8(model.graph().outputs()[0]);

        ByteArrayOutputStream host = new ByteArrayOutputStream();
        host.write(Packet.of(HelloRequest.current(), 1).toWire());
        // window 1, no maps, and the input image with each FRAME
        host.write(Packet.of(new Config(0, 1, 1, Protocol.OPTION_SEND_INPUT, MapEncoding.RAW, 0L), 2).toWire());
        List<Packet> replies = runSketch(board, defines, host.toByteArray(), true, txRoom);

        Hello hello = only(replies, Hello.class);
        assertTrue(hello.hasCapability(Protocol.CAP_CAMERA), board + " announces its camera");
        Frame frame = replies.stream().filter(p -> !p.isReply() && p.message() instanceof Frame)
                .map(p -> (Frame) p.message()).findFirst().orElseThrow(() -> new AssertionError(
                        "no camera FRAME after CONFIG opened the window: " + replies));
        byte[] sent = new byte[scaled.length];
        int rows = 0;
        for (Packet p : replies) {
            if (p.message() instanceof Image image && image.frameNumber() == frame.frameNumber()) {
                ImageChunk chunk = image.chunk();
                assertEquals(PixelFormat.GRAY8, chunk.pixelFormat(), "a camera frame is sent as its pixels");
                System.arraycopy(chunk.data(), 0, sent, chunk.row0() * chunk.rowBytes(), chunk.data().length);
                rows += chunk.rows();
            }
        }
        assertEquals(shape[1], rows, "IMAGE packets carry every row of the frame's input");
        assertArrayEquals(scaled, sent, board + ": the camera frame is scaled and cropped like `dataset import` "
                + "(ImageResizer.coverAndCenterCrop)");
        assertArrayEquals(expected, frame.scores(), board + ": and gives the reference interpreter's scores "
                + Arrays.toString(expected));
    }

    private static <T extends Message> T only(List<Packet> packets, Class<T> type) {
        List<T> found = packets.stream().map(Packet::message).filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + packets);
        return found.get(0);
    }

    private static void syntaxCheck(String board, List<String> defines) throws Exception {
        NativeTools.check(syntaxCommand(board, defines));
    }

    /** g++ on the exported example, as the builders compile a sketch (as C++, after Arduino.h). */
    private static List<String> syntaxCommand(String board, List<String> defines) {
        List<String> command = new ArrayList<>(CXX);
        command.addAll(defines);
        command.addAll(List.of("-I" + STUBS, "-I" + library.resolve("src"), "-I" + library.resolve("examples/" + board),
                "-fsyntax-only", library.resolve("examples/" + board + "/" + board + ".ino").toString()));
        return command;
    }

    /** The sketch, the stub runtime and the library linked into a host program; built once per board. */
    private static synchronized Path program(String board, List<String> defines) throws Exception {
        Path cached = programs.get(board);
        if (cached != null) {
            return cached;
        }
        Path out = Files.createDirectories(dir.resolve("bin-" + board));
        Path sketch = out.resolve("sketch.o");
        List<String> compile = new ArrayList<>(CXX);
        compile.addAll(defines);
        compile.addAll(List.of("-I" + STUBS, "-I" + library.resolve("src"), "-I" + library.resolve("examples/" + board),
                "-c", library.resolve("examples/" + board + "/" + board + ".ino").toString(), "-o", sketch.toString()));
        NativeTools.check(compile);
        Path runtime = out.resolve("stub_runtime.o");
        List<String> stub = new ArrayList<>(List.of("g++", "-std=c++11", "-Wall", "-Wextra", "-Werror"));
        stub.addAll(defines);
        stub.addAll(List.of("-I" + STUBS, "-c", STUBS.resolve("stub_runtime.cpp").toString(), "-o", runtime.toString()));
        NativeTools.check(stub);
        Path program = out.resolve(board);
        List<String> link = new ArrayList<>(List.of("g++", "-o", program.toString(), sketch.toString(),
                runtime.toString()));
        objects.forEach(o -> link.add(o.toString()));
        NativeTools.check(link); // a C function declared with C++ linkage would not link
        programs.put(board, program);
        return program;
    }

    /** Runs the host program on the bytes a host sent; returns the packets it wrote. */
    private List<Packet> runSketch(String board, List<String> defines, byte[] fromHost, boolean camera, int txRoom)
            throws Exception {
        Path program = program(board, defines);
        Path in = tmp.resolve(board + ".in");
        Path out = tmp.resolve(board + ".out");
        Files.write(in, fromHost);
        NativeTools.Run run = NativeTools.run(List.of(program.toString()), null, Map.of("PS_STUB_INPUT", in.toString(),
                "PS_STUB_OUTPUT", out.toString(), "PS_STUB_CAMERA", camera ? "1" : "0", "PS_STUB_TX_ROOM",
                Integer.toString(txRoom), "PS_STUB_LOOPS", "3000"));
        if (run.exitCode() != 0) {
            fail(board + " host program failed: " + run);
        }
        PacketDecoder decoder = new PacketDecoder();
        List<Packet> packets = decoder.feed(Files.readAllBytes(out));
        assertEquals(0, decoder.stats().dropped(), "every byte the sketch wrote is a well-formed packet: "
                + decoder.stats());
        return packets;
    }
}
