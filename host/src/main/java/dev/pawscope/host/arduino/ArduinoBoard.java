package dev.pawscope.host.arduino;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A board that builds as an Arduino sketch: its {@code board.json} with the {@code fqbn} and
 * {@code recipe} an Arduino export needs, and its sketch in {@code boards/<id>/}.
 *
 * <p>{@code recipe} holds command templates with the placeholders {@code {fqbn}},
 * {@code {library}} (the unzipped library folder, {@code .../pawscope}) and {@code {port}}:
 * {@code setup} (core and library installs, once per machine), {@code compile}, {@code upload};
 * {@code architecture} (the core's architecture for library.properties); {@code sketch}; and
 * {@code platformio} ({@code platform}, {@code board}, {@code lib_deps}).
 *
 * @param folder {@code boards/<id>/}, which holds the sketch and the headers beside it
 * @param sketch the sketch's file name, e.g. {@code nano33ble.ino}
 * @param setup commands that install the core and libraries, placeholders expanded
 */
public record ArduinoBoard(BoardSpec spec, Path folder, String fqbn, String architecture, String sketch,
        List<String> setup, String compileTemplate, String uploadTemplate, String platformioPlatform,
        String platformioBoard, List<String> platformioLibDeps) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    public ArduinoBoard {
        setup = List.copyOf(setup);
        platformioLibDeps = List.copyOf(platformioLibDeps);
    }

    /** The board {@code id} of the checkout at {@code home}; refuses a board without an Arduino recipe. */
    public static ArduinoBoard load(Path home, String id) {
        BoardSpec spec = BoardSpec.load(home, id);
        Path folder = home.resolve("boards").resolve(id);
        Path file = folder.resolve(BoardSpec.FILE_NAME);
        JsonNode json;
        try {
            json = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw PawscopeException.badInput("cannot read " + file + ": " + e.getMessage(),
                    "restore it from the repository");
        }
        JsonNode recipe = json.path("recipe");
        if (!json.hasNonNull("fqbn") || !recipe.isObject()) {
            throw PawscopeException.badInput("board '" + id + "' is not built as an Arduino sketch (its board.json has "
                    + "no \"fqbn\" and \"recipe\")", "choose one of: " + String.join(", ", ids(home)));
        }
        String fqbn = json.get("fqbn").asText();
        String sketch = required(recipe, "sketch", file);
        if (!Files.isRegularFile(folder.resolve(sketch))) {
            throw PawscopeException.badInput("board '" + id + "' names the sketch " + sketch + ", found no such file in "
                    + folder, "restore it from the repository");
        }
        List<String> setup = new ArrayList<>();
        recipe.path("setup").forEach(command -> setup.add(expand(command.asText(), Map.of("fqbn", fqbn))));
        JsonNode pio = recipe.path("platformio");
        List<String> libDeps = new ArrayList<>();
        pio.path("lib_deps").forEach(dep -> libDeps.add(dep.asText()));
        return new ArduinoBoard(spec, folder, fqbn, required(recipe, "architecture", file), sketch, setup,
                required(recipe, "compile", file), required(recipe, "upload", file), required(pio, "platform", file),
                required(pio, "board", file), libDeps);
    }

    /** Every board of the checkout with an Arduino recipe, by id. */
    public static List<ArduinoBoard> all(Path home) {
        List<ArduinoBoard> boards = new ArrayList<>();
        for (String id : BoardSpec.ids(home)) {
            if (hasRecipe(home, id)) {
                boards.add(load(home, id));
            }
        }
        return boards;
    }

    /** The ids of the boards with an Arduino recipe. */
    public static List<String> ids(Path home) {
        return BoardSpec.ids(home).stream().filter(id -> hasRecipe(home, id)).toList();
    }

    public String id() {
        return spec.id();
    }

    /** The arduino-cli command that compiles this board's example of the library at {@code libraryDir}. */
    public String compileCommand(String libraryDir) {
        return expand(compileTemplate, Map.of("fqbn", fqbn, "library", libraryDir));
    }

    /** The arduino-cli command that flashes this board's example through {@code port}. */
    public String uploadCommand(String libraryDir, String port) {
        return expand(uploadTemplate, Map.of("fqbn", fqbn, "library", libraryDir, "port", port));
    }

    /**
     * {@link #compileCommand} as an argument list, to run: split on spaces before the placeholders
     * are filled, so a library path with spaces stays one argument.
     */
    public List<String> compileArgv(String libraryDir) {
        return argv(compileTemplate, Map.of("fqbn", fqbn, "library", libraryDir));
    }

    /** {@link #uploadCommand} as an argument list, to run. */
    public List<String> uploadArgv(String libraryDir, String port) {
        return argv(uploadTemplate, Map.of("fqbn", fqbn, "library", libraryDir, "port", port));
    }

    private static List<String> argv(String template, Map<String, String> values) {
        List<String> args = new ArrayList<>();
        for (String token : template.trim().split("\\s+")) {
            args.add(expand(token, values));
        }
        return args;
    }

    /** Replaces every {@code {name}} of {@code template}; a name without a value is a broken board.json. */
    static String expand(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw PawscopeException.badInput("a board recipe uses {" + m.group(1) + "}, expected only "
                        + values.keySet().stream().sorted().map(k -> "{" + k + "}").toList() + ": " + template,
                        "fix the board's board.json");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean hasRecipe(Path home, String id) {
        try {
            JsonNode json = Json.mapper().readTree(home.resolve("boards").resolve(id).resolve(BoardSpec.FILE_NAME).toFile());
            return json.hasNonNull("fqbn") && json.path("recipe").isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static String required(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw PawscopeException.badInput(file + ": the Arduino recipe has no \"" + field + "\"",
                    "restore it from the repository");
        }
        return value.asText();
    }
}
