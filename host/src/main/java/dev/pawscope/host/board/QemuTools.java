package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The programs the qemu-m4 board needs on the PATH: make and the Arm cross-compiler to build its
 * firmware, QEMU to run it. Checked up front so that a missing one is named, with the Debian
 * package that provides it, instead of surfacing as a failed build or a failed process start.
 */
public final class QemuTools {

    static final String MAKE = "make";
    static final String CROSS_GCC = "arm-none-eabi-gcc";
    static final String QEMU = "qemu-system-arm";

    /** Program to Debian package; the cross-compiler also needs newlib for memcpy/memset. */
    private static final Map<String, String> PACKAGES = Map.of(
            MAKE, "make",
            CROSS_GCC, "gcc-arm-none-eabi libnewlib-arm-none-eabi",
            QEMU, "qemu-system-arm");

    private QemuTools() {}

    /** Throws, naming every missing program and its Debian packages, unless all are on {@code searchPath}. */
    static void require(String searchPath) {
        List<String> missing = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        for (String program : List.of(MAKE, CROSS_GCC, QEMU)) {
            if (find(program, searchPath) == null) {
                missing.add(program);
                packages.add(PACKAGES.get(program));
            }
        }
        if (!missing.isEmpty()) {
            throw PawscopeException.io("the qemu-m4 board needs " + String.join(", ", missing)
                    + ", which " + (missing.size() == 1 ? "is" : "are") + " not on the PATH",
                    "install " + (missing.size() == 1 ? "it" : "them") + " (Debian: sudo apt-get install "
                            + String.join(" ", packages) + ")", null);
        }
    }

    /** {@link #require(String)} with this process's PATH. */
    static void require() {
        require(System.getenv().getOrDefault("PATH", ""));
    }

    /** Whether every program is on this process's PATH. */
    public static boolean present() {
        String path = System.getenv().getOrDefault("PATH", "");
        return find(MAKE, path) != null && find(CROSS_GCC, path) != null && find(QEMU, path) != null;
    }

    /** The first executable called {@code program} in the directories of {@code searchPath}, or null. */
    static Path find(String program, String searchPath) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
