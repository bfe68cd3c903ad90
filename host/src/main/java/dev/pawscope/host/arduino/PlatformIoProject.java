package dev.pawscope.host.arduino;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PlatformIO project around the library: {@code platformio.ini} with an env per Arduino board,
 * {@code src/} with the chosen board's sketch as {@code main.cpp} (and the headers beside it),
 * {@code lib/pawscope/} with the library (library.properties and src/; PlatformIO's library
 * finder compiles it as an Arduino library), and the arena plan.
 */
public final class PlatformIoProject {

    public static final String INI = "platformio.ini";
    public static final String MEMORY_PLAN = "memory_plan.json";

    private final Map<String, byte[]> files;

    private PlatformIoProject(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    /**
     * @param chosen the board whose sketch becomes src/main.cpp and the default env
     * @param banner comment lines for the top of platformio.ini
     */
    public static PlatformIoProject build(ArduinoLibrary library, List<ArduinoBoard> boards, ArduinoBoard chosen,
            byte[] memoryPlan, List<String> banner) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put(INI, ini(boards, chosen, banner).getBytes(StandardCharsets.UTF_8));
        ArduinoLibrary.sketchFiles(chosen).forEach((name, bytes) ->
                files.put("src/" + (name.endsWith(".ino") ? "main.cpp" : name), bytes));
        library.files().forEach((path, bytes) -> {
            if (path.equals(ArduinoLibrary.PROPERTIES) || path.startsWith("src/")) {
                files.put("lib/" + ArduinoLibrary.NAME + "/" + path, bytes);
            }
        });
        files.put(MEMORY_PLAN, memoryPlan.clone());
        return new PlatformIoProject(files);
    }

    /** Path (relative to the project folder, '/'-separated) to content, sorted by path. */
    public Map<String, byte[]> files() {
        return files;
    }

    static String ini(List<ArduinoBoard> boards, ArduinoBoard chosen, List<String> banner) {
        StringBuilder ini = new StringBuilder();
        banner.forEach(line -> ini.append("; ").append(line).append('\n'));
        ini.append("; src/main.cpp is the ").append(chosen.id()).append(" sketch: `pio run -e ").append(chosen.id())
                .append(" -t upload` builds and flashes it.\n");
        for (ArduinoBoard b : boards) {
            if (b != chosen && !b.id().equals(chosen.id())) {
                ini.append("; For env:").append(b.id()).append(", export again with --board ").append(b.id())
                        .append(" (its sketch becomes src/main.cpp).\n");
            }
        }
        ini.append("; lib/").append(ArduinoLibrary.NAME).append(" is the Arduino library: the firmware core and the model.\n");
        ini.append("\n[platformio]\ndefault_envs = ").append(chosen.id()).append('\n');
        for (ArduinoBoard b : boards) {
            ini.append("\n[env:").append(b.id()).append("]\n");
            ini.append("platform = ").append(b.platformioPlatform()).append('\n');
            ini.append("board = ").append(b.platformioBoard()).append('\n');
            ini.append("framework = arduino\n");
            if (!b.platformioLibDeps().isEmpty()) {
                ini.append("lib_deps =\n");
                b.platformioLibDeps().forEach(dep -> ini.append("    ").append(dep).append('\n'));
            }
            ini.append("monitor_speed = ").append(b.spec().baud()).append('\n');
        }
        return ini.toString();
    }
}
