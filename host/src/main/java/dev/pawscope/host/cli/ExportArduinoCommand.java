package dev.pawscope.host.cli;

import dev.pawscope.host.arduino.ArduinoBoard;
import dev.pawscope.host.arduino.ArduinoExport;
import dev.pawscope.host.arduino.ArduinoLibrary;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.quant.Int8Model;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pawscope export arduino}: the model and the firmware core as an Arduino library and a PlatformIO project. */
@Command(name = "arduino",
        mixinStandardHelpOptions = true,
        description = {"Write the int8 model with the firmware core as an Arduino library zip, and a PlatformIO "
                + "project beside it.%n",
                "FILE.zip holds the library \"pawscope\" (Arduino library format 1.5): library.properties, src/ "
                        + "(the firmware core and the generated model, C99; pawscope.h for your own sketches) and "
                        + "examples/<board>/ with the sketch of every Arduino board (nano33ble, esp32cam). Install "
                        + "it with the IDE's \"Add .ZIP Library\", or unzip it and pass its folder to arduino-cli "
                        + "with --library. FILE-platformio/ is a PlatformIO project: an env per board, the chosen "
                        + "board's sketch as src/main.cpp, the library in lib/pawscope/. The arena is checked "
                        + "against the board's RAM; the commands to build and flash are printed.%n",
                "Example: pawscope export arduino models/pawnet --out build/pawnet-arduino.zip --board nano33ble%n"})
final class ExportArduinoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE.zip",
            description = "The library zip; the PlatformIO project goes beside it (FILE-platformio/).")
    Path out;

    @Option(names = "--board", defaultValue = "nano33ble", paramLabel = "BOARD",
            description = "The board whose RAM the arena must fit and whose sketch the PlatformIO project builds: "
                    + "nano33ble or esp32cam (default: ${DEFAULT-VALUE}).")
    String board;

    @Option(names = "--port", defaultValue = "PORT", paramLabel = "PORT",
            description = "The serial port to put in the printed upload command, e.g. /dev/ttyACM0.")
    String port;

    @Option(names = "--force", description = "Replace FILE.zip and FILE-platformio/ if they hold an earlier export.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path home = PawscopeHome.locate();
        ArduinoBoard.load(home, board); // an unknown or non-Arduino board fails before the model loads
        Int8Model int8 = Int8Model.load(model);
        String madeBy = "pawscope export arduino " + model + " --out " + out + " --board " + board;
        ArduinoExport export = ArduinoExport.prepare(home, int8, model, out, board, force, madeBy);
        export.write(force);

        ArduinoBoard chosen = export.board();
        System.out.printf(Locale.ROOT, "model %s, arena %,d B of %,d B RAM on %s (%.1f%%); weights %,d B of %,d B "
                + "flash%n", int8.hashHex().substring(0, 16) + "...", export.arenaBytes(), chosen.spec().ramBytes(),
                chosen.id(), 100.0 * export.arenaBytes() / chosen.spec().ramBytes(), export.weightBytes(),
                chosen.spec().flashBytes());
        for (ArduinoBoard other : export.boardsTooSmall()) {
            System.out.printf(Locale.ROOT, "note: examples/%s will not fit: the %s has %,d B of RAM%n", other.id(),
                    other.spec().name(), other.spec().ramBytes());
        }
        long sources = export.library().sources().size();
        System.out.println("wrote " + out + ": Arduino library \"" + ArduinoLibrary.NAME + "\" (" + sources
                + " files in src/, examples " + String.join(", ", export.boards().stream().map(ArduinoBoard::id)
                .toList()) + ")");
        System.out.println("wrote " + export.platformio() + "/: PlatformIO project, src/main.cpp is the " + chosen.id()
                + " sketch");
        System.out.println("arduino-cli, " + chosen.id() + " (" + chosen.fqbn() + "):");
        export.arduinoCliCommands(port).forEach(command -> System.out.println("  " + command));
        System.out.println("PlatformIO: cd " + export.platformio() + " && pio run -e " + chosen.id() + " -t upload");
        return 0;
    }
}
