package dev.pawscope.host.io;

import dev.pawscope.host.cli.PawscopeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes that never leave half a file or half a folder behind: everything goes to a
 * temporary sibling first and is moved into place when complete.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} through a temporary file in the same folder. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code value} as pretty JSON to {@code target}, atomically. */
    public static void writeJson(Path target, Object value) throws IOException {
        write(target, Json.mapper().writeValueAsBytes(value));
    }

    /**
     * Creates an empty staging folder beside {@code target}; fill it, then {@link #publish} it.
     * Refuses a target that exists and is not empty unless {@code replace} is set.
     */
    public static Path stageFolder(Path target, boolean replace) throws IOException {
        checkTarget(target, replace);
        Path abs = target.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        return Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".staging-");
    }

    /**
     * Refuses an output folder that exists and is not empty unless {@code replace} is set; call it
     * before long work so the user learns at once, not after an hour of training.
     */
    public static void checkTarget(Path target, boolean replace) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw PawscopeException.badInput("expected a folder for --out, found a file: " + target,
                    "choose a folder path");
        }
        if (Files.exists(abs) && !replace && !isEmptyDirectory(abs)) {
            throw PawscopeException.badInput("output folder " + target + " already exists and is not empty",
                    "choose another --out, or pass --force to replace it");
        }
    }

    /** Moves a complete staging folder to {@code target}, replacing what was there. */
    public static void publish(Path staging, Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            deleteRecursively(abs);
        }
        move(staging, abs);
    }

    /** Removes a staging folder after a failure; never throws. */
    public static void discard(Path staging) {
        try {
            if (staging != null && Files.exists(staging)) {
                deleteRecursively(staging);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the folder is hidden (dot-prefixed) and named .staging-
        }
    }

    public static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
