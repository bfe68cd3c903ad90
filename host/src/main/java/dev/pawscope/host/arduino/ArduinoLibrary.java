package dev.pawscope.host.arduino;

import dev.pawscope.host.cli.PawscopeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The "pawscope" Arduino library (1.5 format, recursive layout) as files in memory, paths
 * relative to its root folder:
 *
 * <pre>
 * library.properties
 * src/            firmware/include/*.h, firmware/src/*.{c,h}, ps_generated_model.{h,c}, pawscope.h
 * examples/BOARD/ BOARD.ino and the headers beside it in boards/BOARD/, for every Arduino board
 * extras/         memory_plan.json
 * </pre>
 *
 * Everything in {@code src/} sits flat in one folder, so the core's {@code #include "ps_x.h"}
 * lines resolve as in {@code firmware/} (the builders put only {@code src/} on the include path).
 * The {@code .c} files compile as C, the sketches as C++: they include the C headers inside
 * {@code extern "C"}, as {@code pawscope.h} does for a user's own sketch.
 */
public final class ArduinoLibrary {

    /** The library's name and root folder. */
    public static final String NAME = "pawscope";
    public static final String PROPERTIES = "library.properties";
    public static final String UMBRELLA_HEADER = "pawscope.h";
    public static final String GENERATED_HEADER = "ps_generated_model.h";
    public static final String GENERATED_SOURCE = "ps_generated_model.c";
    /** library.properties' required url. The project has no public address yet: a reserved, never-resolving
     * name (RFC 2606) rather than a guessed one; replace it when there is one. */
    public static final String URL = "https://pawscope.invalid/";

    private static final Pattern BAUD_LINE = Pattern.compile("(?m)^#define PS_BAUD \\d+$");
    private static final Pattern VERSION_PART = Pattern.compile(
            "#define PS_FIRMWARE_VERSION_(MAJOR|MINOR|PATCH) (\\d+)u?");

    private final Map<String, byte[]> files;

    private ArduinoLibrary(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    /**
     * @param home the checkout: firmware/ and boards/
     * @param header the generated ps_generated_model.h
     * @param source the generated ps_generated_model.c
     * @param memoryPlan the arena plan as JSON
     * @param boards the boards whose sketches become examples
     * @param modelLine one line about the model, for library.properties' paragraph
     */
    public static ArduinoLibrary build(Path home, String header, String source, byte[] memoryPlan,
            List<ArduinoBoard> boards, String modelLine) {
        Map<String, byte[]> files = new TreeMap<>();
        String version = firmwareVersion(home);
        files.put(PROPERTIES, utf8(properties(version, boards, modelLine)));
        Path firmware = home.resolve("firmware");
        for (Path file : list(firmware.resolve("include"), ".h")) {
            files.put("src/" + file.getFileName(), read(file));
        }
        for (Path file : list(firmware.resolve("src"), ".c", ".h")) {
            files.put("src/" + file.getFileName(), read(file));
        }
        files.put("src/" + GENERATED_HEADER, utf8(header));
        files.put("src/" + GENERATED_SOURCE, utf8(source));
        files.put("src/" + UMBRELLA_HEADER, utf8(umbrellaHeader(version)));
        for (ArduinoBoard board : boards) {
            sketchFiles(board).forEach((name, bytes) -> files.put("examples/" + board.id() + "/" + name, bytes));
        }
        files.put("extras/memory_plan.json", memoryPlan.clone());
        return new ArduinoLibrary(files);
    }

    /** Path (relative to the library root, '/'-separated) to content, sorted by path. */
    public Map<String, byte[]> files() {
        return files;
    }

    /** The files under {@code src/}, names relative to it. */
    public Map<String, byte[]> sources() {
        Map<String, byte[]> src = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("src/")) {
                src.put(path.substring(4), bytes);
            }
        });
        return src;
    }

    /**
     * A board's sketch folder as an example: the .ino (renamed to the folder's name, as the
     * Arduino sketch specification wants) with its {@code #define PS_BAUD} set to the board's
     * baud, and the headers beside it.
     */
    public static Map<String, byte[]> sketchFiles(ArduinoBoard board) {
        Map<String, byte[]> files = new TreeMap<>();
        Path ino = board.folder().resolve(board.sketch());
        String sketch = new String(read(ino), StandardCharsets.UTF_8);
        files.put(board.id() + ".ino", utf8(withBaud(sketch, board.spec().baud(), ino)));
        for (Path h : listOptional(board.folder(), ".h")) {
            files.put(h.getFileName().toString(), read(h));
        }
        return files;
    }

    /** The sketch with its one {@code #define PS_BAUD <n>} line set to {@code baud}. */
    static String withBaud(String sketch, int baud, Path file) {
        Matcher m = BAUD_LINE.matcher(sketch);
        int count = 0;
        while (m.find()) {
            count++;
        }
        if (count != 1 || baud <= 0) {
            throw PawscopeException.badInput("expected one `#define PS_BAUD <n>` line in " + file + " and a positive "
                    + "\"baud\" in its board.json, found " + count + " such lines and baud " + baud,
                    "restore the sketch and board.json from the repository");
        }
        return BAUD_LINE.matcher(sketch).replaceFirst("#define PS_BAUD " + baud);
    }

    /** The firmware core's version (ps_app.h): the library's version. */
    static String firmwareVersion(Path home) {
        Path appHeader = home.resolve("firmware/include/ps_app.h");
        String text = new String(read(appHeader), StandardCharsets.UTF_8);
        Map<String, String> parts = new TreeMap<>();
        Matcher m = VERSION_PART.matcher(text);
        while (m.find()) {
            parts.put(m.group(1), m.group(2));
        }
        if (parts.size() != 3) {
            throw PawscopeException.badInput("expected PS_FIRMWARE_VERSION_MAJOR, _MINOR and _PATCH in " + appHeader
                    + ", found " + parts.keySet(), "restore it from the repository");
        }
        return parts.get("MAJOR") + "." + parts.get("MINOR") + "." + parts.get("PATCH");
    }

    /** library.properties (Arduino library specification 1.5, rev. 2.2). */
    static String properties(String version, List<ArduinoBoard> boards, String modelLine) {
        Set<String> architectures = new LinkedHashSet<>();
        boards.forEach(b -> architectures.add(b.architecture()));
        String examples = String.join(" and ", boards.stream().map(b -> b.spec().name() + " (examples/" + b.id() + ")")
                .toList());
        return String.join("\n",
                "name=" + NAME,
                "version=" + version,
                "author=pawscope",
                "maintainer=pawscope",
                "sentence=An int8 model with the pawscope firmware core: streams its feature maps and scores to the "
                        + "pawscope viewer over serial.",
                "paragraph=Generated by pawscope export arduino. " + modelLine + " The firmware core (int8 kernels, "
                        + "runner, serial protocol) is portable C99; the sketches for " + examples
                        + " connect it to the board's serial port, clock and camera.",
                "category=Data Processing",
                "url=" + URL,
                "architectures=" + String.join(",", architectures),
                "includes=" + UMBRELLA_HEADER,
                "");
    }

    /** pawscope.h: the C headers a sketch needs, with C linkage for C++. */
    static String umbrellaHeader(String version) {
        return String.join("\n",
                "/*",
                " * pawscope.h - include this from a sketch: the firmware core's application (ps_app.h, which",
                " * brings the model, port and protocol headers) and the generated model, declared with C linkage",
                " * (the library's .c files compile as C, a sketch as C++). Generated by pawscope export arduino.",
                " */",
                "#ifndef PAWSCOPE_H",
                "#define PAWSCOPE_H",
                "",
                "#define PAWSCOPE_LIBRARY_VERSION \"" + version + "\"",
                "",
                "#ifdef __cplusplus",
                "extern \"C\" {",
                "#endif",
                "",
                "#include \"ps_app.h\"",
                "#include \"" + GENERATED_HEADER + "\"",
                "",
                "#ifdef __cplusplus",
                "}",
                "#endif",
                "",
                "#endif /* PAWSCOPE_H */",
                "");
    }

    private static List<Path> list(Path folder, String... suffixes) {
        List<Path> out = listOptional(folder, suffixes);
        if (out.isEmpty()) {
            throw PawscopeException.badInput("expected " + String.join(" or ", suffixes) + " files in " + folder
                    + ", found none", "run pawscope from a complete checkout");
        }
        return out;
    }

    private static List<Path> listOptional(Path folder, String... suffixes) {
        try (Stream<Path> files = Files.list(folder)) {
            return new ArrayList<>(files.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s)))
                    .sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
