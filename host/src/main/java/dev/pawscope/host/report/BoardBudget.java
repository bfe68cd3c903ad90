package dev.pawscope.host.report;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.QemuFirmware;
import java.util.List;
import java.util.Locale;

/**
 * One board's budget for the model: flash and RAM used against its limits (board.json), and its
 * latency, each with where the number comes from. "Used" is the linked Cortex-M4F build's
 * footprint where there is one (the Nano 33 BLE's core, flags and memory map), otherwise the
 * model's own share: weights in flash, the activation arena in RAM.
 *
 * @param measureCommand the command that would measure (or better estimate) the latency, or null
 */
record BoardBudget(BoardSpec board, long flashUsed, String flashWhat, long ramUsed, String ramWhat, String latency,
        boolean latencyMeasured, String measureCommand) {

    /** Boards whose build the qemu-m4 link reproduces. */
    static final List<String> CORTEX_M4F = List.of("nano33ble", "qemu-m4");

    /**
     * @param linked the linked Cortex-M4F build, or null when it was not made
     * @param model the model folder as given on the command line, for the commands to measure
     */
    static BoardBudget of(BoardSpec board, long arenaBytes, long arenaLowerBound, long weightBytes,
            QemuFirmware linked, List<FirmwareBenchmark> benchmarks, String model) {
        long flash;
        String flashWhat;
        long ram;
        String ramWhat;
        if (linked != null && linked.footprint() != null && CORTEX_M4F.contains(board.id())) {
            QemuFirmware.Footprint f = linked.footprint();
            flash = f.flashBytes();
            flashWhat = String.format(Locale.ROOT, "linked Cortex-M4F firmware: code %,d + model %,d + other %,d B",
                    f.codeBytes(), f.modelBytes(), f.otherConstantBytes());
            ram = f.ramBytes();
            ramWhat = String.format(Locale.ROOT, "linked: arena %,d + stack %,d + protocol and app %,d + input %,d "
                    + "+ other %,d B", f.arenaBytes(), f.stackBytes(), f.appBytes(), f.pixelBytes(), f.otherRamBytes());
        } else {
            flash = weightBytes;
            flashWhat = "int8 weights and int32 biases only (no code)";
            ram = arenaBytes;
            ramWhat = String.format(Locale.ROOT, "activation arena only (planner's lower bound %,d B)", arenaLowerBound);
        }
        FirmwareBenchmark sim = find(benchmarks, "sim");
        FirmwareBenchmark qemu = find(benchmarks, "qemu-m4");
        String qemuCommand = "pawscope bench firmware --board qemu-m4 --model " + model + " --json " + model
                + "/bench-qemu.json";
        String simCommand = "pawscope bench firmware --model " + model + " --json " + model + "/bench-firmware.json";
        String latency;
        String command = null;
        boolean measured = false;
        switch (board.id()) {
            case "sim" -> {
                if (sim != null && !Double.isNaN(sim.number("sim_frames_per_second_raw"))) {
                    double fps = sim.number("sim_frames_per_second_raw");
                    latency = String.format(Locale.ROOT, "%.0f frames/s (%.1f ms a frame) streaming the first layer's "
                            + "maps raw, %.0f run-length encoded: inference, protocol and pty on the host CPU, the "
                            + "camera as fast as it runs; from %s", fps, 1000 / fps,
                            sim.number("sim_frames_per_second_rle"), sim.file().getFileName());
                    measured = true;
                } else {
                    latency = "not measured; measure it with";
                    command = simCommand;
                }
            }
            case "qemu-m4" -> {
                if (qemu != null && !Double.isNaN(qemu.number("instructions_per_inference"))) {
                    latency = String.format(Locale.ROOT, "%.2f M instructions per inference (DSP kernels; %.2f M "
                            + "portable C), counted by QEMU -icount; from %s",
                            qemu.number("instructions_per_inference") / 1e6,
                            qemu.number("instructions_per_inference_portable") / 1e6, qemu.file().getFileName());
                    measured = true;
                } else {
                    latency = "not measured; count it with";
                    command = qemuCommand;
                }
            }
            case "nano33ble" -> {
                if (qemu != null && !Double.isNaN(qemu.number("instructions_per_inference")) && board.clockHz() > 0) {
                    double instructions = qemu.number("instructions_per_inference");
                    latency = String.format(Locale.ROOT, "at least %.0f ms per inference, estimated: %.2f M "
                            + "instructions (qemu-m4, same core and flags) at %d MHz, one cycle each (loads, branches "
                            + "and flash wait states take more); not measured on a board",
                            1000 * instructions / board.clockHz(), instructions / 1e6, board.clockHz() / 1_000_000);
                } else {
                    latency = "not measured: on the board, `pawscope view --board PORT` shows the inference time "
                            + "every FRAME carries; estimate it from the Cortex-M4 in QEMU with";
                    command = qemuCommand;
                }
            }
            default -> {
                latency = "not measured (no emulator for this board here): on the board, this shows the inference "
                        + "time every FRAME carries:";
                command = "pawscope view --model " + model + " --board PORT";
            }
        }
        return new BoardBudget(board, flash, flashWhat, ram, ramWhat, latency, measured, command);
    }

    double flashShare() {
        return board.flashBytes() > 0 ? (double) flashUsed / board.flashBytes() : Double.NaN;
    }

    double ramShare() {
        return board.ramBytes() > 0 ? (double) ramUsed / board.ramBytes() : Double.NaN;
    }

    private static FirmwareBenchmark find(List<FirmwareBenchmark> benchmarks, String board) {
        FirmwareBenchmark last = null;
        for (FirmwareBenchmark b : benchmarks) {
            last = b.board().equals(board) ? b : last;
        }
        return last;
    }
}
