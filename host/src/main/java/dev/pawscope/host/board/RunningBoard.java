package dev.pawscope.host.board;

import java.util.Objects;

/**
 * An emulated board running in the background, as {@code <run dir>/<board>.json} records it.
 *
 * @param board the board id, {@code sim} or {@code qemu-m4}
 * @param pid the process serving the board (the sim, or QEMU)
 * @param executable the program that process runs, checked so that a reused pid is never taken
 *     for the board
 * @param port the pseudo-terminal, e.g. {@code /dev/pts/4}
 * @param link the stable symlink to the port, e.g. {@code ~/.cache/pawscope/run/qemu-m4.port}
 * @param modelHash SHA-256 (hex) of the int8 model the firmware was built with
 * @param firmware the binary or ELF image it runs
 * @param started when it was started, ISO-8601
 * @param log the file its output goes to
 */
public record RunningBoard(String board, long pid, String executable, String port, String link, String modelHash,
        String firmware, String started, String log) {

    public RunningBoard {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(link, "link");
    }
}
