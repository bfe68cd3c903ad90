package dev.pawscope.host.cli;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.QemuBoard;
import dev.pawscope.host.board.QemuFirmware;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.quant.Int8Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pawscope board start}: build (if needed) and run an emulated board in the foreground. */
@Command(name = "start",
        mixinStandardHelpOptions = true,
        description = {"Build the firmware for an emulated board with the model's generated code (cached) and run it.",
                "%nsim: the firmware core built natively, serving the protocol on a pseudo-terminal; it prints "
                        + "`port: /dev/pts/N`. Its camera plays frames from --camera (a dataset folder's test split, "
                        + "or `synth` for generated images) in a loop; host-sent frames (SET_INPUT) work too. Stops "
                        + "cleanly on Ctrl-C.%n",
                "qemu-m4: the firmware cross-compiled for the Nano 33 BLE's Cortex-M4F and linked into its memory "
                        + "(the build fails if the model does not fit), booted in QEMU (mps2-an386) with its UART on a "
                        + "pseudo-terminal. No camera: it runs host-sent frames (SET_INPUT), timed in executed "
                        + "instructions. Needs make, arm-none-eabi-gcc and qemu-system-arm.%n",
                "Examples: pawscope board start sim --model models/pawnet --link /tmp/pawscope-sim%n"
                        + "          pawscope board start qemu-m4 --model models/pawnet%n"})
final class BoardStartCommand implements Callable<Integer> {

    /** The options that only the sim's camera uses. */
    private static final List<String> CAMERA_OPTIONS = List.of("--camera", "--frames", "--fps");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BOARD", description = "The emulated board: sim or qemu-m4.")
    String board;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--camera", defaultValue = "synth", paramLabel = "DIR|synth",
            description = "Frames for the sim's camera (default: ${DEFAULT-VALUE}).")
    String camera;

    @Option(names = "--frames", defaultValue = "64", paramLabel = "N",
            description = "Synthetic camera frames to loop over (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--fps", defaultValue = "5", paramLabel = "F",
            description = "Camera frames per second; 0 for host-sent frames only (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--link", paramLabel = "PATH", description = "Also make PATH a symlink to the port.")
    Path link;

    @Override
    public Integer call() throws Exception {
        Path home = PawscopeHome.locate();
        BoardSpec boardSpec = BoardSpec.load(home, board);
        if (boardSpec.id().equals("qemu-m4")) {
            return startQemu(home, boardSpec);
        }
        if (!boardSpec.id().equals("sim")) {
            throw PawscopeException.badInput("board '" + board + "' cannot be started here yet", "use: sim, qemu-m4");
        }
        if (fps < 0 || frames < 1) {
            throw PawscopeException.badInput("expected --fps >= 0 and --frames >= 1, found " + fps + " and " + frames,
                    "the defaults play 64 synthetic frames at 5 per second");
        }
        Int8Model int8 = Int8Model.load(model);
        List<GrayImage> reel = reel(int8);
        SimBoard sim = SimBoard.start(home, int8, CameraReel.encode(reel), link, fps, SimBoard.defaultCacheRoot(),
                line -> System.err.println("sim: " + line));
        Thread stopper = new Thread(() -> {
            try {
                sim.close();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "stop-sim");
        Runtime.getRuntime().addShutdownHook(stopper);
        System.out.println("port: " + sim.port());
        if (link != null) {
            System.out.println("link: " + link + " -> " + sim.port());
        }
        System.out.println("simulated board running (pid " + sim.pid() + ", model " + int8.hashHex().substring(0, 12)
                + ", camera " + reel.size() + " frames at " + fps + "/s); Ctrl-C stops it");
        int code = sim.waitFor();
        return code == 0 ? 0 : ExitCode.INTERNAL.status();
    }

    private int startQemu(Path home, BoardSpec boardSpec) throws Exception {
        List<String> given = CAMERA_OPTIONS.stream()
                .filter(name -> spec.commandLine().getParseResult().hasMatchedOption(name)).toList();
        if (!given.isEmpty()) {
            System.err.println("note: qemu-m4 has no camera; " + String.join(", ", given)
                    + (given.size() == 1 ? " is" : " are") + " ignored (send frames with SET_INPUT)");
        }
        Int8Model int8 = Int8Model.load(model);
        QemuBoard qemu = QemuBoard.start(home, int8, link, QemuFirmware.defaultCacheRoot(),
                line -> System.err.println("qemu: " + line));
        Thread stopper = new Thread(() -> {
            try {
                qemu.close();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "stop-qemu");
        Runtime.getRuntime().addShutdownHook(stopper);
        QemuFirmware firmware = qemu.firmware();
        System.out.println("port: " + qemu.port());
        if (link != null) {
            System.out.println("link: " + link + " -> " + qemu.port());
        }
        System.out.println("qemu-m4 board running (QEMU pid " + qemu.pid() + ", model " + int8.hashHex().substring(0, 12)
                + ", flash " + firmware.flashBytes() + " of " + boardSpec.flashBytes() + " B, RAM " + firmware.ramBytes()
                + " of " + boardSpec.ramBytes() + " B with the stack, host-sent frames only); Ctrl-C stops it");
        int code = qemu.waitFor();
        if (qemu.stoppedOnRequest(code)) {
            return 0;
        }
        throw new PawscopeException(ExitCode.INTERNAL, code == 0
                ? "the firmware reset the board and QEMU stopped (a fault, or a model that does not fit the "
                        + "firmware's buffers)"
                : "QEMU exited with code " + code,
                "QEMU's output is above; to see the fault, run: " + qemu.commandLine() + " -d guest_errors,int");
    }

    private List<GrayImage> reel(Int8Model int8) {
        var input = int8.folder().metadata().input();
        if (camera.equals("synth")) {
            return CameraReel.synthetic(input.width(), 0x5EED_CA3EL, frames);
        }
        Path dir = Path.of(camera);
        if (!Files.isDirectory(dir)) {
            throw PawscopeException.badInput("expected --camera to be a dataset folder or `synth`, found " + camera,
                    "make one with `pawscope dataset synth --out DIR`");
        }
        Dataset dataset = Dataset.open(dir);
        if (!dataset.input().equals(input)) {
            throw PawscopeException.badInput("the camera dataset's images are " + dataset.input()
                    + ", the model expects " + input, "use a dataset of the model's input size");
        }
        List<GrayImage> images = CameraReel.fromImages(dataset.load(Split.TEST));
        if (images.isEmpty()) {
            throw PawscopeException.badInput(dir + " has no test images", "use a dataset with a test split");
        }
        return images;
    }
}
