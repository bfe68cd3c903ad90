package dev.pawscope.host.flash;

import dev.pawscope.host.arduino.ArduinoBoard;
import dev.pawscope.host.arduino.ArduinoExport;
import dev.pawscope.host.arduino.ArduinoLibrary;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.discovery.BoardDiscovery;
import dev.pawscope.host.link.discovery.BoardMode;
import dev.pawscope.host.link.discovery.ConnectedBoard;
import dev.pawscope.host.link.discovery.PortWaiter;
import dev.pawscope.host.link.discovery.Ticker;
import dev.pawscope.host.quant.Int8Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Flashing a real board over USB: the model's Arduino library generated into a work folder, the
 * budget checked, the sketch compiled and uploaded with arduino-cli (board.json's recipe) or
 * PlatformIO (the exported project), then the board found again (a Nano 33 BLE passes through
 * its bootloader's USB id and may come back under another path) and its HELLO's model hash
 * compared with the host's model.
 */
public final class UsbFlash {

    /** How long a board may take to leave its bootloader and show its application's port. */
    public static final Duration RECONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** HELLO retries for this long: a freshly reset board may still be starting its USB or camera. */
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What was flashed.
     *
     * @param port where the board answered after the upload
     * @param commands every command run, in order
     */
    public record Outcome(String port, Hello hello, Optional<CompiledSize> size, List<List<String>> commands) {}

    private final Path home;
    private final ArduinoBoard board;
    private final FlashTool.Located tool;
    private final BoardDiscovery discovery;
    private final Ticker ticker;
    private final Consumer<String> progress;

    public UsbFlash(Path home, ArduinoBoard board, FlashTool.Located tool, BoardDiscovery discovery, Ticker ticker,
            Consumer<String> progress) {
        this.home = home;
        this.board = board;
        this.tool = tool;
        this.discovery = discovery;
        this.ticker = ticker;
        this.progress = progress;
    }

    /**
     * @param portOption the port given with --port, or null to find the board by its USB ids
     * @param workRoot where the generated library and project go (one folder per board)
     * @param setup run the recipe's one-time setup (core and library installs) first
     */
    public Outcome flash(Int8Model model, Path modelDir, String portOption, Path workRoot, boolean setup)
            throws IOException, InterruptedException {
        String port = portOption != null ? portOption : findPort();
        progress.accept("port: " + port);

        Path work = workRoot.resolve(board.id());
        if (Files.exists(work)) {
            AtomicFiles.deleteRecursively(work); // pawscope's own cache folder: the previous flash's files
        }
        Files.createDirectories(work);
        String madeBy = "pawscope flash --board " + board.id() + " --model " + modelDir;
        ArduinoExport export = ArduinoExport.prepare(home, model, modelDir, work.resolve("pawscope-" + board.id()
                + ArduinoExport.ZIP_SUFFIX), board.id(), false, madeBy);
        export.write(false);
        Path library = work.resolve("library").resolve(ArduinoLibrary.NAME);
        for (Map.Entry<String, byte[]> file : export.library().files().entrySet()) {
            Path target = library.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        progress.accept("generated the library in " + library + " and the PlatformIO project in "
                + export.platformio());
        progress.accept(FlashBudget.beforeBuild(home, board.spec(), model, export.arenaBytes(), progress));

        List<List<String>> commands = new ArrayList<>();
        if (setup) {
            for (List<String> command : setupCommands()) {
                commands.add(command);
                ToolRun.run(command, work, "setting up " + tool.tool().program() + " for the " + board.id(),
                        "check the network and the command above", progress);
            }
        }
        List<String> compile = compileCommand(library, export.platformio());
        commands.add(compile);
        String output = ToolRun.run(compile, work, "compiling the " + board.id() + " sketch", setupHint(), progress);
        Optional<CompiledSize> size = CompiledSize.find(output, tool.tool());
        if (size.isPresent()) {
            FlashBudget.afterCompile(board.spec(), size.get());
            progress.accept(size.get().describe(board.spec().flashBytes(), board.spec().ramBytes()));
        } else {
            progress.accept("note: " + tool.tool().program() + " printed no size report; only the checks above apply");
        }

        List<String> upload = uploadCommand(library, export.platformio(), port);
        commands.add(upload);
        uploadWatchingPorts(upload, work, port);

        String appPort = awaitApplication(port);
        progress.accept("checking the model on " + appPort + " (HELLO)...");
        Hello hello = ModelCheck.verify(appPort, board.spec().baud(), model, HELLO_TIMEOUT);
        return new Outcome(appPort, hello, size, commands);
    }

    /**
     * Runs the upload while a watcher reports the board's ports: for the Nano 33 BLE, arduino-cli's
     * 1200-baud touch sends it into its bootloader (2341:005a), which the watcher should see.
     */
    private void uploadWatchingPorts(List<String> upload, Path work, String port)
            throws IOException, InterruptedException {
        if (board.spec().usbBootloader().isEmpty()) {
            ToolRun.run(upload, work, "uploading to the " + board.id() + " on " + port, uploadHint(port), progress);
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean uploading = new java.util.concurrent.atomic.AtomicBoolean(true);
        PortWaiter waiter = new PortWaiter(discovery, ticker, progress);
        java.util.concurrent.CompletableFuture<Boolean> bootloaderSeen = new java.util.concurrent.CompletableFuture<>();
        Thread watcher = new Thread(() -> {
            try {
                bootloaderSeen.complete(waiter.watchWhile(board.id(), uploading::get));
            } catch (InterruptedException | RuntimeException e) {
                bootloaderSeen.complete(false);
            }
        }, "flash-port-watch");
        watcher.setDaemon(true);
        watcher.start();
        try {
            ToolRun.run(upload, work, "uploading to the " + board.id() + " on " + port, uploadHint(port), progress);
        } finally {
            uploading.set(false);
            watcher.join();
        }
        if (bootloaderSeen.getNow(false)) {
            progress.accept("the " + board.id() + " went through its bootloader during the upload");
        } else {
            progress.accept("note: the " + board.id() + "'s bootloader port (" + board.spec().usbBootloader()
                    + ") was not seen during the upload (it can be too brief to catch)");
        }
    }

    /** The recipe's setup commands with the tool's own path; PlatformIO installs its platform itself. */
    List<List<String>> setupCommands() {
        List<List<String>> commands = new ArrayList<>();
        if (tool.tool() != FlashTool.ARDUINO_CLI) {
            return commands;
        }
        for (String line : board.setup()) {
            List<String> argv = new ArrayList<>(List.of(line.trim().split("\\s+")));
            if (argv.get(0).equals(FlashTool.ARDUINO_CLI.program())) {
                argv.set(0, tool.executable().toString());
            }
            commands.add(argv);
        }
        return commands;
    }

    /** arduino-cli: the recipe's compile line; PlatformIO: {@code pio run} of the exported project's env. */
    List<String> compileCommand(Path library, Path platformio) {
        if (tool.tool() == FlashTool.ARDUINO_CLI) {
            return withTool(board.compileArgv(library.toString()));
        }
        return List.of(tool.executable().toString(), "run", "-d", platformio.toString(), "-e", board.id());
    }

    /** arduino-cli: the recipe's upload line (it does the Nano's 1200-baud touch itself); PlatformIO: the upload target. */
    List<String> uploadCommand(Path library, Path platformio, String port) {
        if (tool.tool() == FlashTool.ARDUINO_CLI) {
            return withTool(board.uploadArgv(library.toString(), port));
        }
        return List.of(tool.executable().toString(), "run", "-d", platformio.toString(), "-e", board.id(), "-t",
                "upload", "--upload-port", port);
    }

    private List<String> withTool(List<String> argv) {
        List<String> out = new ArrayList<>(argv);
        out.set(0, tool.executable().toString());
        return out;
    }

    /** The one board of this kind connected now; none or several is an error that lists what is there. */
    String findPort() {
        List<ConnectedBoard> found = discovery.find(board.id());
        if (found.size() == 1) {
            ConnectedBoard c = found.get(0);
            progress.accept("found the " + board.id() + " on " + c.port().path() + " (" + c.port().usbId() + ", "
                    + c.mode().label() + ")");
            return c.port().path();
        }
        List<String> all = discovery.connected().stream().map(c -> c.port().path() + " " + c.port().usbId()).toList();
        if (found.isEmpty()) {
            throw PawscopeException.io("no " + board.spec().name() + " is connected (looked for USB ids "
                    + board.spec().usb() + "; ports now: " + (all.isEmpty() ? "none" : String.join(", ", all)) + ")",
                    "plug it in (a data cable, not a charge-only one), or pass --port; `pawscope boards` lists the "
                            + "ports", null);
        }
        throw PawscopeException.badInput(found.size() + " boards match " + board.id() + ": "
                + String.join(", ", found.stream().map(c -> c.port().path()).toList()), "choose one with --port");
    }

    /**
     * After the upload: a board with a bootloader USB id (the Nano 33 BLE) re-enumerates, so wait
     * for its application port, wherever it comes back; a board behind a serial bridge keeps its
     * port, and one given by --port that discovery does not know is taken as it is.
     */
    String awaitApplication(String uploadPort) throws InterruptedException {
        boolean known = discovery.connected().stream().anyMatch(c -> c.port().path().equals(uploadPort)
                && c.is(board.id())) || !discovery.find(board.id()).isEmpty();
        if (board.spec().usbBootloader().isEmpty() || !known) {
            return uploadPort;
        }
        progress.accept("waiting for the " + board.id() + " to leave its bootloader and come back as the sketch...");
        ConnectedBoard app = new PortWaiter(discovery, ticker, progress).awaitApplication(board.id(),
                RECONNECT_TIMEOUT);
        if (app.mode() != BoardMode.APPLICATION && app.mode() != BoardMode.BEHIND_BRIDGE) {
            throw new IllegalStateException("PortWaiter returned a " + app.mode() + " port");
        }
        return app.port().path();
    }

    private String setupHint() {
        String setupLine = tool.tool() == FlashTool.ARDUINO_CLI && !board.setup().isEmpty()
                ? "if the core or a library is missing, run once: " + String.join(" && ", board.setup())
                        + " (or pass --setup)"
                : "PlatformIO installs the platform itself on the first run: check the network";
        return setupLine;
    }

    private String uploadHint(String port) {
        return board.spec().usbBootloader().isEmpty()
                ? "check " + port + " is the board; an ESP32-CAM without auto-reset needs GPIO0 held low while it "
                        + "resets to accept an upload"
                : "double-tap the board's reset button to start its bootloader, then flash again";
    }
}
