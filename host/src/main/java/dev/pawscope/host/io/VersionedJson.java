package dev.pawscope.host.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.cli.PawscopeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON file stamped with {@code "format"} and {@code "version"}. The stamp is checked
 * before the rest is mapped, so a file from another version gets "expected version 1, found 7"
 * rather than a complaint about some field that moved.
 */
public final class VersionedJson {

    private VersionedJson() {
    }

    /**
     * @param remedy what the user should do when the file is missing, damaged or of another version
     */
    public static <T> T read(Path file, String format, int version, Class<T> type, String remedy) {
        if (!Files.isRegularFile(file)) {
            throw PawscopeException.badInput("expected " + file + ", found none", remedy);
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw PawscopeException.badInput("cannot parse " + file + ": " + e.getOriginalMessage(), remedy);
        } catch (IOException e) {
            throw PawscopeException.io("cannot read " + file + ": " + e.getMessage(), "check the file's permissions", e);
        }
        String foundFormat = tree.path("format").asText("(none)");
        int foundVersion = tree.path("version").asInt(-1);
        if (!format.equals(foundFormat) || foundVersion != version) {
            String writer = tree.hasNonNull("pawscope_version")
                    ? " (written by pawscope " + tree.get("pawscope_version").asText() + ")" : "";
            throw PawscopeException.badInput("expected a " + format + " version " + version + " file, found "
                    + foundFormat + " version " + foundVersion + writer + " in " + file, remedy);
        }
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (JacksonException | IllegalArgumentException e) {
            String detail = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
            throw PawscopeException.badInput("damaged " + file + ": " + detail, remedy);
        }
    }
}
