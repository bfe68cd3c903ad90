package dev.pawscope.host.board;

import dev.pawscope.quantize.codegen.CModelWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cache key of a firmware build: SHA-256 over the generated model and every source the build
 * reads (firmware core and the board's folder), in a fixed order, so a build is reused exactly
 * when nothing it depends on changed.
 */
final class FirmwareBuildKey {

    private FirmwareBuildKey() {}

    /** The first 16 hex digits of the hash; {@code board} names the folder under boards/. */
    static String of(Path home, CModelWriter.Sources sources, String board) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        digest.update(sources.header().getBytes(StandardCharsets.UTF_8));
        digest.update(sources.source().getBytes(StandardCharsets.UTF_8));
        for (String dir : List.of("firmware/include", "firmware/src", "boards/" + board)) {
            try (Stream<Path> files = Files.walk(home.resolve(dir))) {
                for (Path f : files.filter(Files::isRegularFile).filter(FirmwareBuildKey::isSource).sorted().toList()) {
                    digest.update(home.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(f));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static boolean isSource(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".c") || name.endsWith(".h") || name.endsWith(".ld") || name.endsWith(".awk")
                || name.equals("Makefile");
    }
}
