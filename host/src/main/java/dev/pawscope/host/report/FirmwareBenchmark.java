package dev.pawscope.host.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A measured {@code pawscope bench firmware --json FILE}: which board it ran on ({@code sim} or
 * {@code qemu-m4}, from its "benchmark" title) and its figures.
 */
record FirmwareBenchmark(Path file, String board, JsonNode json) {

    static final String TITLE = "pawscope bench firmware";

    /** A figure, or NaN when the file lacks it. */
    double number(String key) {
        JsonNode n = json.get(key);
        return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /**
     * The bench-firmware JSON files in the model folder, then {@code given} ones (which must be
     * such files). A file stamped with another model's SHA-256 is left out with a note.
     */
    static List<FirmwareBenchmark> find(Path modelFolder, List<Path> given, String modelSha256, List<String> notes) {
        List<FirmwareBenchmark> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(modelFolder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                FirmwareBenchmark b = read(f);
                if (b != null) {
                    found.add(b);
                }
            }
        } catch (IOException e) {
            throw PawscopeException.io("cannot list " + modelFolder + ": " + e.getMessage(), "check its permissions", e);
        }
        for (Path f : given) {
            if (!Files.isRegularFile(f)) {
                throw PawscopeException.badInput("expected a `" + TITLE + " --json` file, found none at " + f,
                        "check the --bench path");
            }
            FirmwareBenchmark b = read(f);
            if (b == null) {
                throw PawscopeException.badInput("expected a `" + TITLE + " --json` file at " + f
                        + ", found JSON of something else (no \"benchmark\": \"" + TITLE + " (...)\")",
                        "give the file `pawscope bench firmware --model MODEL --json FILE` wrote");
            }
            found.add(b);
        }
        List<FirmwareBenchmark> mine = new ArrayList<>();
        for (FirmwareBenchmark b : found) {
            JsonNode hash = b.json.get("model_sha256");
            if (hash != null && !hash.asText().equalsIgnoreCase(modelSha256)) {
                notes.add(b.file + " was measured for another model (sha256 " + hash.asText().substring(0,
                        Math.min(12, hash.asText().length())) + "...), so its latency is not used.");
            } else {
                mine.add(b);
            }
        }
        return mine;
    }

    /** The benchmark in {@code file}, or null if it is not a bench-firmware JSON. */
    private static FirmwareBenchmark read(Path file) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
        String title = tree == null ? "" : tree.path("benchmark").asText("");
        if (!title.startsWith(TITLE)) {
            return null;
        }
        String board = title.contains("board qemu-m4") ? "qemu-m4" : title.contains("board sim") ? "sim" : null;
        return board == null ? null : new FirmwareBenchmark(file, board, tree);
    }
}
