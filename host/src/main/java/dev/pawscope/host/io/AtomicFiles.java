package dev.pawscope.host.io;

import dev.pawscope.host.cli.PawscopeException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Writes that never leave half a file or half a folder behind: everything goes to a
 * temporary sibling first and is moved into place when complete.
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Files whose presence marks a folder as pawscope's own, which --force may replace. */
    static final List<String> REPLACEABLE_MARKERS = List.of("manifest.json", "model.json", "memory_plan.json");

    /** Staging folders not yet published; removed on Ctrl-C or kill so nothing half-written stays. */
    private static final Set<Path> LIVE_STAGING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE_STAGING).forEach(AtomicFiles::discard),
                "pawscope-staging-cleanup"));
    }

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} through a temporary file in the same folder. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(hiddenSibling(target, ".tmp"));
        try {
            // not Files.createTempFile: its 0600 mode would stick to the published file
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes an image as a PNG to {@code target}, atomically. */
    public static void writePng(Path target, BufferedImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        write(target, png.toByteArray());
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
        // not Files.createTempDirectory: its 0700 mode would stick to the published folder
        Path staging = Files.createDirectory(abs.getParent().resolve(hiddenSibling(abs, ".staging")));
        LIVE_STAGING.add(staging);
        return staging;
    }

    /** Fills a folder's files; {@link #writeFolder} publishes them all or none. */
    @FunctionalInterface
    public interface FolderContents {
        void writeInto(Path folder) throws IOException;
    }

    /** Writes a whole folder through a staging folder: on any failure nothing is left behind. */
    public static void writeFolder(Path target, boolean replace, FolderContents contents) throws IOException {
        Path staging = stageFolder(target, replace);
        try {
            contents.writeInto(staging);
            publish(staging, target);
        } catch (IOException | RuntimeException e) {
            discard(staging);
            throw e;
        }
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
        if (!Files.exists(abs) || isEmptyDirectory(abs)) {
            return;
        }
        if (!replace) {
            throw PawscopeException.badInput("output folder " + target + " already exists and is not empty",
                    "choose another --out, or pass --force to replace it");
        }
        // --force replaces only what pawscope made: never a folder of photos, a home folder or a source tree
        boolean ours = REPLACEABLE_MARKERS.stream().anyMatch(marker -> Files.isRegularFile(abs.resolve(marker)));
        if (!ours) {
            throw PawscopeException.badInput("--force replaces only folders pawscope made (with "
                    + String.join(" or ", REPLACEABLE_MARKERS) + "), found another non-empty folder: " + target,
                    "choose another --out, or empty that folder yourself");
        }
    }

    /** Refuses an output that is, contains or lies inside an input: replacing it would destroy the input. */
    public static void checkDisjoint(Path input, Path output) {
        Path in = input.toAbsolutePath().normalize();
        Path out = output.toAbsolutePath().normalize();
        if (in.startsWith(out) || out.startsWith(in)) {
            throw PawscopeException.badInput("expected --out apart from the input, found " + output + " overlapping "
                    + input, "write the output to a folder of its own");
        }
    }

    /**
     * Moves a complete staging folder to {@code target}. What was there is first renamed aside and
     * deleted only once the new folder is in place, so a failure never leaves neither.
     */
    public static void publish(Path staging, Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path old = null;
        if (Files.exists(abs)) {
            old = abs.getParent().resolve(hiddenSibling(abs, ".old"));
            move(abs, old);
        }
        try {
            move(staging, abs);
        } catch (IOException e) {
            if (old != null) {
                move(old, abs);
            }
            throw e;
        }
        LIVE_STAGING.remove(staging);
        if (old != null) {
            deleteRecursively(old);
        }
    }

    /** Removes a staging folder after a failure; never throws. */
    public static void discard(Path staging) {
        LIVE_STAGING.remove(staging);
        try {
            if (staging != null && Files.exists(staging)) {
                deleteRecursively(staging);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the folder is hidden (dot-prefixed) and ends in .staging
        }
    }

    public static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** What a path holds, for "expected a folder, found ..." messages. */
    public static String describe(Path p) {
        return Files.isDirectory(p) ? "a folder" : Files.exists(p) ? "a file" : "nothing";
    }

    /** A dot-prefixed, unique name beside {@code target}, e.g. {@code .model.json.4f2a9c.tmp}. */
    private static String hiddenSibling(Path target, String suffix) {
        return "." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + suffix;
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
