package dev.pawscope.host.flash;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.QemuFirmware;
import dev.pawscope.host.board.QemuTools;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.codegen.CModelWriter;
import dev.pawscope.quantize.graph.GraphFootprint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What can be known of a build's flash and RAM before the board's own toolchain compiles it, and
 * the refusal, with the numbers, when it does not fit. For the Nano 33 BLE the firmware is linked
 * for its Cortex-M4F here (boards/qemu-m4: the same core, flags and nRF52840 memory map) and the
 * linker map is read. For the ESP32-CAM there is no Xtensa compiler here: only the model's weights
 * and the activation arena are counted (the ESP32 core and the camera driver come on top), and
 * the compiler's own size report is checked after compiling.
 */
public final class FlashBudget {

    /** Boards whose firmware the qemu-m4 build reproduces (the Nano 33 BLE's core, flags and memory map). */
    static final Set<String> LINKED_HERE = Set.of("nano33ble", "qemu-m4");

    private FlashBudget() {}

    /**
     * Checks what can be checked now; returns the line to print.
     *
     * @param arenaBytes the generated code's planned activation arena
     */
    public static String beforeBuild(Path home, BoardSpec spec, Int8Model model, long arenaBytes, Consumer<String> log)
            throws IOException, InterruptedException {
        if (LINKED_HERE.contains(spec.id()) && QemuTools.present()) {
            QemuFirmware build = QemuFirmware.build(home, model, QemuFirmware.defaultCacheRoot(), log);
            QemuFirmware.Footprint f = build.footprint();
            String line = String.format(Locale.ROOT, "linked Cortex-M4F build: flash %,d of %,d B (code %,d + model "
                    + "%,d + other %,d), RAM %,d of %,d B (arena %,d + stack %,d + protocol and app %,d + input pixels "
                    + "%,d + other %,d)", f.flashBytes(), spec.flashBytes(), f.codeBytes(), f.modelBytes(),
                    f.otherConstantBytes(), f.ramBytes(), spec.ramBytes(), f.arenaBytes(), f.stackBytes(),
                    f.appBytes(), f.pixelBytes(), f.otherRamBytes());
            refuseIfOver(spec, f.flashBytes(), f.ramBytes(), line);
            return spec.emulated() ? line
                    : line + "; the Arduino core (mbed OS, USB) comes on top and is checked after compiling";
        }
        long arena = arenaBytes;
        long weights = GraphFootprint.of(model.graph()).weightBytes();
        String uncounted;
        if (spec.emulated()) {
            uncounted = "the limits of " + spec.id() + "'s board.json; the native build's own code is not counted";
        } else if (LINKED_HERE.contains(spec.id())) {
            uncounted = "the firmware and the board's core come on top: arm-none-eabi-gcc or qemu-system-arm is "
                    + "missing, so the Cortex-M4F build was not linked here; the compiler's size report is checked "
                    + "after compiling";
        } else {
            uncounted = "the firmware, the board's core and the camera driver come on top: no compiler for this "
                    + "board here; the compiler's size report is checked after compiling";
        }
        String line = String.format(Locale.ROOT, "model weights %,d of %,d B flash, activation arena %,d of %,d B RAM "
                + "(%s)", weights, spec.flashBytes(), arena, spec.ramBytes(), uncounted);
        refuseIfOver(spec, weights, arena, line);
        return line;
    }

    /** The activation arena the code generator plans for {@code model} (what the firmware reserves). */
    public static long plannedArenaBytes(Int8Model model) {
        return CModelWriter.write(model.graph(), "model", model.sha256(), model.folder().metadata().labels(),
                model.pixels().table(), List.of()).plan().arenaBytes();
    }

    /** After compiling: the tool's size report against the board's limits. */
    public static void afterCompile(BoardSpec spec, CompiledSize size) {
        String line = size.describe(spec.flashBytes(), spec.ramBytes());
        refuseIfOver(spec, size.flashBytes(), size.ramBytes(), line);
    }

    static void refuseIfOver(BoardSpec spec, long flash, long ram, String line) {
        if (flash > spec.flashBytes() || ram > spec.ramBytes()) {
            throw PawscopeException.badInput(String.format(Locale.ROOT, "the build does not fit the %s (flash %,d of "
                    + "%,d B, RAM %,d of %,d B): %s; nothing was uploaded", spec.name(), flash, spec.flashBytes(), ram,
                    spec.ramBytes(), line), "choose a smaller model or input size (pawscope train --arch tiny)");
        }
    }
}
