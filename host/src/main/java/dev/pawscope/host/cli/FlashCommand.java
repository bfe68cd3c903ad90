package dev.pawscope.host.cli;

import dev.pawscope.host.arduino.ArduinoBoard;
import dev.pawscope.host.board.BackgroundBoard;
import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.RunningBoard;
import dev.pawscope.host.board.RunningBoards;
import dev.pawscope.host.flash.FlashBudget;
import dev.pawscope.host.flash.FlashTool;
import dev.pawscope.host.flash.ModelCheck;
import dev.pawscope.host.flash.UsbFlash;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.discovery.BoardDiscovery;
import dev.pawscope.host.link.discovery.Ticker;
import dev.pawscope.host.quant.Int8Model;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pawscope flash}: put a model on a board and check that the board runs it. */
@Command(name = "flash",
        mixinStandardHelpOptions = true,
        description = {"Generate the model's code, build the firmware for a board, put it on the board, then "
                + "reconnect and compare the model hash the board reports (HELLO) with MODEL's: the flash counts as "
                + "done only when they are equal.%n",
                "sim, qemu-m4: the emulated board is built (cached) and booted in the background, where it keeps "
                        + "running after this command returns, its port at a stable link (printed; `pawscope boards` "
                        + "lists it). A running one is replaced. `pawscope view --board sim|qemu-m4` attaches to it; "
                        + "`pawscope board stop` stops it.%n",
                "nano33ble, esp32cam: the Arduino library (as `pawscope export arduino`) is compiled and uploaded "
                        + "with arduino-cli (board.json's recipe and FQBN), or with PlatformIO when arduino-cli is not "
                        + "installed. The board is found by its USB ids unless --port is given. The flash and RAM "
                        + "budget is checked before the build (the linked Cortex-M4F firmware for the Nano 33 BLE) and "
                        + "again from the compiler's size report; a build over budget is never uploaded. The Nano 33 "
                        + "BLE passes through its bootloader (USB id 2341:005a) during the upload; pawscope waits for "
                        + "its sketch's port to come back, wherever it appears.%n",
                "Examples: pawscope flash --board qemu-m4 --model models/pawnet%n"
                        + "          pawscope flash --board nano33ble --model models/pawnet --setup%n"
                        + "          pawscope flash --board esp32cam --model models/pawnet --tool pio%n"
                        + "(--setup the first time: it installs the board's Arduino core and libraries)%n"})
final class FlashCommand implements Callable<Integer> {

    @Option(names = "--board", required = true, paramLabel = "BOARD",
            description = "sim, qemu-m4, nano33ble or esp32cam.")
    String board;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--port", paramLabel = "PORT",
            description = "The real board's serial port (default: found by its USB VID:PID).")
    String port;

    @Option(names = "--tool", paramLabel = "arduino-cli|platformio",
            description = "Which tool builds and uploads (default: arduino-cli if installed, else PlatformIO).")
    String toolName;

    @Option(names = "--setup", description = "First run the board's one-time arduino-cli setup (core and libraries).")
    boolean setup;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Where the generated library and project go (default: ~/.cache/pawscope/flash).")
    Path work;

    @Override
    public Integer call() throws Exception {
        Path home = PawscopeHome.locate();
        BoardSpec spec = BoardSpec.load(home, board);
        if (spec.emulated()) {
            return flashEmulated(home, spec);
        }
        ArduinoBoard arduino = ArduinoBoard.load(home, board);
        FlashTool wanted = toolName == null ? null : FlashTool.byName(toolName);
        FlashTool.Located tool = FlashTool.choose(wanted, System.getenv().getOrDefault("PATH", ""), board,
                arduino.setup());
        Int8Model int8 = Int8Model.load(model);
        Path workRoot = work != null ? work : Path.of(System.getProperty("user.home"), ".cache", "pawscope", "flash");
        System.out.println("flashing model " + int8.hashHex().substring(0, 16) + "... to the " + spec.name() + " with "
                + tool.tool().program() + " (" + tool.executable() + ")");
        UsbFlash.Outcome outcome = new UsbFlash(home, arduino, tool, BoardDiscovery.of(home), Ticker.SYSTEM,
                System.out::println).flash(int8, model, port, workRoot, setup);
        System.out.println(success(outcome.hello(), outcome.port(), int8));
        return 0;
    }

    private int flashEmulated(Path home, BoardSpec spec) throws Exception {
        if (port != null || toolName != null || setup) {
            throw PawscopeException.badInput("--port, --tool and --setup are for real boards, found them with --board "
                    + board, "leave them out: pawscope flash --board " + board + " --model M");
        }
        Int8Model int8 = Int8Model.load(model);
        // the sim's budget mirrors the Nano 33 BLE's; qemu-m4's is its linked Cortex-M4F build
        System.out.println(FlashBudget.beforeBuild(home, spec, int8, FlashBudget.plannedArenaBytes(int8),
                System.err::println));
        RunningBoards registry = RunningBoards.standard();
        RunningBoard running = BackgroundBoard.start(home, spec.id(), int8, registry, System.err::println);
        System.out.println(spec.id() + " running in the background (pid " + running.pid() + "), port " + running.port()
                + ", link " + running.link() + ", log " + running.log());
        Hello hello;
        try {
            hello = ModelCheck.verify(running.link(), spec.baud(), int8, UsbFlash.HELLO_TIMEOUT);
        } catch (RuntimeException e) {
            registry.stop(spec.id()); // a board that does not run the model is not left behind
            throw e;
        }
        System.out.println(success(hello, running.link(), int8));
        System.out.println("view it: pawscope view --board " + spec.id() + " --model " + model
                + "; stop it: pawscope board stop " + spec.id());
        return 0;
    }

    private static String success(Hello hello, String port, Int8Model int8) {
        return String.format(Locale.ROOT, "flashed and verified: board '%s' on %s answers HELLO with model %s..., "
                + "equal to %s's int8 model (firmware %d.%d.%d, protocol %d.%d, %d layers)", hello.boardId(), port,
                hello.modelHashHex().substring(0, 16), int8.folder().root(), hello.firmwareMajor(),
                hello.firmwareMinor(), hello.firmwarePatch(), hello.protocolMajor(), hello.protocolMinor(),
                hello.layerCount());
    }
}
