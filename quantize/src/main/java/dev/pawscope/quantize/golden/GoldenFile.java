package dev.pawscope.quantize.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Writes a golden-vector file the way every writer must: whole, or not at all. */
final class GoldenFile {

    private GoldenFile() {}

    /**
     * Atomically replaces {@code target} with {@code lines} ({@code \n}-terminated, UTF-8) through a
     * temporary file in the same directory, so readers never see a half-written file.
     *
     * @throws IllegalArgumentException if the target's directory does not exist
     */
    static void replace(Path target, List<String> lines) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("output directory must exist, found no directory "
                    + directory + " (paths are relative to the working directory; run from the "
                    + "repository root)");
        }
        // not Files.createTempFile: its 0600 mode would stick to the committed file
        Path temporary = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
