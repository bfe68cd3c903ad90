package dev.pawscope.host.io;

import dev.pawscope.host.cli.PawscopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (var list = Files.list(tmp)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWrittenFileHasItsBytesAndNoTemporaryIsLeft() throws IOException {
        AtomicFiles.write(tmp.resolve("a.bin"), new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(tmp.resolve("a.bin")));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void publishedFilesAndFoldersGetTheUsualPermissionsNotTemporaryOnes() throws IOException {
        Files.write(tmp.resolve("plain.bin"), new byte[]{0});
        Files.createDirectory(tmp.resolve("plain"));
        AtomicFiles.write(tmp.resolve("atomic.bin"), new byte[]{0});
        Path staging = AtomicFiles.stageFolder(tmp.resolve("atomic"), false);
        AtomicFiles.publish(staging, tmp.resolve("atomic"));
        assertEquals(Files.getPosixFilePermissions(tmp.resolve("plain.bin")),
                Files.getPosixFilePermissions(tmp.resolve("atomic.bin")));
        assertEquals(Files.getPosixFilePermissions(tmp.resolve("plain")),
                Files.getPosixFilePermissions(tmp.resolve("atomic")));
    }

    @Test
    void publishingOverAnOldFolderReplacesItWhole() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("manifest.json"), "old");
        Files.writeString(out.resolve("stale.png"), "old");
        Path staging = AtomicFiles.stageFolder(out, true);
        Files.writeString(staging.resolve("manifest.json"), "new");
        AtomicFiles.publish(staging, out);
        assertEquals("new", Files.readString(out.resolve("manifest.json")));
        assertFalse(Files.exists(out.resolve("stale.png")));
        assertEquals(List.of("out"), names(), "neither the staging nor the old folder is left");
    }

    @Test
    void anOutputOverlappingItsInputIsRefused() {
        assertThrows(PawscopeException.class, () -> AtomicFiles.checkDisjoint(tmp.resolve("d"), tmp.resolve("d")));
        assertThrows(PawscopeException.class, () -> AtomicFiles.checkDisjoint(tmp.resolve("d"), tmp.resolve("d/m")));
        assertThrows(PawscopeException.class, () -> AtomicFiles.checkDisjoint(tmp.resolve("d/x.h5"), tmp.resolve("d")));
        AtomicFiles.checkDisjoint(tmp.resolve("d"), tmp.resolve("m"));
    }

    @Test
    void aDiscardedStagingFolderLeavesNothing() throws IOException {
        Path staging = AtomicFiles.stageFolder(tmp.resolve("out"), false);
        Files.writeString(staging.resolve("half.txt"), "half");
        AtomicFiles.discard(staging);
        assertEquals(List.of(), names());
    }

    @Test
    void aNonEmptyTargetNeedsReplaceAndAFileIsNeverAFolder() throws IOException {
        Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("out/model.json"), "{}");
        Files.writeString(tmp.resolve("file"), "x");
        assertThrows(PawscopeException.class, () -> AtomicFiles.checkTarget(tmp.resolve("out"), false));
        AtomicFiles.checkTarget(tmp.resolve("out"), true);
        assertThrows(PawscopeException.class, () -> AtomicFiles.checkTarget(tmp.resolve("file"), true));
        assertFalse(Files.exists(tmp.resolve("missing")));
        AtomicFiles.checkTarget(tmp.resolve("missing"), false);
    }
}
