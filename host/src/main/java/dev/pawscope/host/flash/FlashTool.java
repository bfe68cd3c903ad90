package dev.pawscope.host.flash;

import dev.pawscope.host.cli.PawscopeException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The programs that build and upload a real board's firmware, and how to install each. */
public enum FlashTool {

    ARDUINO_CLI("arduino-cli", List.of(
            "curl -fsSL https://raw.githubusercontent.com/arduino/arduino-cli/master/install.sh "
                    + "| BINDIR=$HOME/.local/bin sh",
            "brew install arduino-cli   (macOS)")),
    PLATFORMIO("pio", List.of("pipx install platformio"));

    private final String program;
    private final List<String> install;

    FlashTool(String program, List<String> install) {
        this.program = program;
        this.install = install;
    }

    /** The executable's name on the PATH. */
    public String program() {
        return program;
    }

    /** Commands that install it, the first the one to use on Linux. */
    public List<String> install() {
        return install;
    }

    /** The tool on {@code searchPath} ({@code File.pathSeparator}-separated directories), if there. */
    public Optional<Path> locate(String searchPath) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** By its program name, as {@code --tool} takes it. */
    public static FlashTool byName(String name) {
        for (FlashTool t : values()) {
            if (t.program.equals(name) || t.name().equalsIgnoreCase(name.replace('-', '_'))
                    || (t == PLATFORMIO && name.equals("platformio"))) {
                return t;
            }
        }
        throw PawscopeException.badInput("expected --tool arduino-cli or platformio, found '" + name + "'",
                "leave --tool out to use whichever is installed (arduino-cli first)");
    }

    /**
     * The tool to use: {@code wanted} if given and installed, else arduino-cli, else PlatformIO.
     * When none is found the error names what is missing and the exact commands to install it,
     * then the board's one-time setup.
     *
     * @param setup the board's recipe setup commands (core and library installs)
     */
    public static Located choose(FlashTool wanted, String searchPath, String boardId, List<String> setup) {
        List<FlashTool> candidates = wanted == null ? List.of(ARDUINO_CLI, PLATFORMIO) : List.of(wanted);
        for (FlashTool t : candidates) {
            Optional<Path> found = t.locate(searchPath);
            if (found.isPresent()) {
                return new Located(t, found.get());
            }
        }
        StringBuilder hint = new StringBuilder();
        for (FlashTool t : candidates) {
            hint.append(hint.length() == 0 ? "install " : "; or install ").append(t.program).append(": ")
                    .append(String.join("  or  ", t.install));
        }
        if (candidates.contains(ARDUINO_CLI) && !setup.isEmpty()) {
            hint.append("; then, once, for the ").append(boardId).append(": ").append(String.join(" && ", setup));
        }
        String names = String.join(" or ", candidates.stream().map(FlashTool::program).toList());
        throw PawscopeException.io("flashing the " + boardId + " needs " + names + ", and "
                + (candidates.size() == 1 ? "it is not" : "neither is") + " on the PATH", hint.toString(), null);
    }

    /** A tool found on the PATH. */
    public record Located(FlashTool tool, Path executable) {}
}
