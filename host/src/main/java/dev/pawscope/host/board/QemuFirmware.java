package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.codegen.CModelWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The qemu-m4 firmware for one model: the firmware core, the model's generated C and the port in
 * {@code boards/qemu-m4}, cross-compiled for the Cortex-M4F and linked into the Nano 33 BLE's
 * memory (the link fails if the model does not fit). Builds are cached by a hash of the generated
 * model and every source, so a second start is immediate.
 *
 * @param elf the firmware image QEMU boots
 * @param flashBytes code and constants (weights included), of {@code boards/qemu-m4/board.json}'s flash
 * @param ramBytes static RAM (arena, buffers) plus the reserved stack, of board.json's RAM
 * @param portableKernels whether the kernels are the portable C loops ({@code KERNELS=portable})
 *     rather than the Cortex-M4 DSP ones (the default)
 * @param footprint where the flash and RAM go, from the linker map
 */
public record QemuFirmware(Path elf, long flashBytes, long ramBytes, boolean portableKernels, Footprint footprint) {

    /**
     * The footprint line boards/qemu-m4/footprint.awk prints after linking; flash = code + model +
     * other constants, RAM = arena + stack + app and protocol buffers + input pixels + other.
     *
     * @param modelBytes what the generated model puts in flash: weights, biases, requantization
     *     tables, tensor and op descriptors
     * @param appBytes the firmware's ps_app: protocol state, decoder packet, TX queue
     */
    public record Footprint(long codeBytes, long modelBytes, long otherConstantBytes, long arenaBytes,
            long stackBytes, long appBytes, long pixelBytes, long otherRamBytes) {

        private static final Pattern LINE = Pattern.compile("footprint \\((\\w+) kernels\\): flash \\d+ of \\d+ B "
                + "\\([0-9.]+%\\) = code (\\d+) \\+ model (\\d+) \\+ other constants (\\d+); RAM \\d+ of \\d+ B "
                + "\\([0-9.]+%\\) = arena (\\d+) \\+ stack (\\d+) \\+ app and protocol buffers (\\d+) \\+ "
                + "input pixels (\\d+) \\+ other (\\d+)");

        /** The footprint in a build's output, or null if it has none. */
        static Footprint find(String output) {
            Matcher m = LINE.matcher(output);
            if (!m.find()) {
                return null;
            }
            long[] v = new long[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = Long.parseLong(m.group(i + 2));
            }
            return new Footprint(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        }

        public long flashBytes() {
            return codeBytes + modelBytes + otherConstantBytes;
        }

        public long ramBytes() {
            return arenaBytes + stackBytes + appBytes + pixelBytes + otherRamBytes;
        }
    }

    static final String BOARD = "qemu-m4";
    static final String ELF = "firmware.elf";
    /** The build's output, kept beside the image: the size line is read back for cached builds. */
    static final String BUILD_LOG = "build.log";
    /** The summary boards/qemu-m4/Makefile prints after linking. */
    private static final Pattern SIZE_LINE = Pattern.compile(
            "flash (\\d+) B \\(text \\+ data\\); RAM \\d+ B \\(data \\+ bss\\) \\+ \\d+ B stack = (\\d+) B");

    /** Generates the model's C code and builds the firmware unless a build for the same inputs exists. */
    public static QemuFirmware build(Path home, Int8Model model, Path cacheRoot, Consumer<String> log)
            throws IOException, InterruptedException {
        return build(home, model, cacheRoot, log, false);
    }

    /**
     * As {@link #build(Path, Int8Model, Path, Consumer)}, with the portable C kernels when
     * {@code portableKernels} (for comparing them with the DSP ones; each is cached apart).
     */
    public static QemuFirmware build(Path home, Int8Model model, Path cacheRoot, Consumer<String> log,
            boolean portableKernels) throws IOException, InterruptedException {
        QemuTools.require();
        CModelWriter.Sources sources = CModelWriter.write(model.graph(), "model", model.sha256(),
                model.folder().metadata().labels(), model.pixels().table(),
                List.of("pawscope model for the qemu-m4 board", "sha256 " + model.hashHex()));
        String key = FirmwareBuildKey.of(home, sources, BOARD) + (portableKernels ? "-portable" : "");
        Path dir = cacheRoot.resolve(key);
        if (Files.isRegularFile(dir.resolve(ELF))) {
            return read(dir, portableKernels);
        }
        Path staging = Files.createDirectories(cacheRoot).resolve(key + ".building." + ProcessHandle.current().pid());
        if (Files.exists(staging)) {
            AtomicFiles.deleteRecursively(staging); // left by an earlier, killed run of this pid
        }
        Path gen = Files.createDirectories(staging.resolve("gen"));
        Files.writeString(gen.resolve("ps_generated_model.h"), sources.header());
        Files.writeString(gen.resolve("ps_generated_model.c"), sources.source());
        log.accept("building the qemu-m4 firmware (Cortex-M4F" + (portableKernels ? ", portable kernels" : "")
                + ") for model " + model.hashHex().substring(0, 12) + "...");
        List<String> command = new java.util.ArrayList<>(List.of(QemuTools.MAKE, "-s", "-C",
                home.resolve("boards").resolve(BOARD).toString(), "GEN=" + gen.toAbsolutePath(),
                "BUILD=" + staging.toAbsolutePath()));
        if (portableKernels) {
            command.add("KERNELS=portable");
        }
        Process make = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = make.waitFor();
        if (code != 0 || !Files.isRegularFile(staging.resolve(ELF))) {
            AtomicFiles.deleteRecursively(staging);
            throw PawscopeException.io("building the qemu-m4 firmware failed (make exit " + code + "):\n"
                    + output.strip(), output.contains("overflow")
                            ? "the model does not fit the Nano 33 BLE's memory (boards/qemu-m4/memory_nrf52840.ld); "
                                    + "use a smaller model"
                            : "install the Arm toolchain (Debian: sudo apt-get install gcc-arm-none-eabi "
                                    + "libnewlib-arm-none-eabi) or fix the error above", null);
        }
        Files.writeString(staging.resolve(BUILD_LOG), output);
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            AtomicFiles.deleteRecursively(staging); // another pawscope built the same thing first
        }
        return read(dir, portableKernels);
    }

    /** A finished build in {@code dir}, its sizes from the build log. */
    static QemuFirmware read(Path dir, boolean portableKernels) throws IOException {
        Path logFile = dir.resolve(BUILD_LOG);
        String output = Files.isRegularFile(logFile) ? Files.readString(logFile) : "";
        Matcher m = SIZE_LINE.matcher(output);
        Footprint footprint = Footprint.find(output);
        if (!m.find() || footprint == null) {
            throw PawscopeException.io("the qemu-m4 build in " + dir + " has no size or footprint line in its "
                    + BUILD_LOG, "delete " + dir + " to rebuild it", null);
        }
        return new QemuFirmware(dir.resolve(ELF), Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                portableKernels, footprint);
    }

    /** Where built firmware is kept: {@code ~/.cache/pawscope/boards/qemu-m4}. */
    public static Path defaultCacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "pawscope", "boards", BOARD);
    }
}
