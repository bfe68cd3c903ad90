package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The registry of emulated boards running in the background ({@code pawscope flash --board sim|qemu-m4}):
 * one {@code <board>.json} per board in the run folder, with the board's log ({@code <board>.log})
 * and the stable link to its port ({@code <board>.port}) beside it. Entries whose process has
 * died (or whose pid now belongs to another program) are removed when read.
 */
public final class RunningBoards {

    /** Overrides the run folder (tests use a private one, so they never see the user's boards). */
    public static final String DIR_PROPERTY = "pawscope.run.dir";
    public static final String DIR_ENV = "PAWSCOPE_RUN_DIR";
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Path dir;

    public RunningBoards(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** {@code -Dpawscope.run.dir}, else {@code $PAWSCOPE_RUN_DIR}, else {@code ~/.cache/pawscope/run}. */
    public static RunningBoards standard() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIR_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return new RunningBoards(Path.of(configured));
        }
        return new RunningBoards(Path.of(System.getProperty("user.home"), ".cache", "pawscope", "run"));
    }

    public Path dir() {
        return dir;
    }

    public Path entryFile(String board) {
        return dir.resolve(board + ".json");
    }

    /** The stable path of the board's port: a symlink to its pseudo-terminal while it runs. */
    public Path linkPath(String board) {
        return dir.resolve(board + ".port");
    }

    public Path logPath(String board) {
        return dir.resolve(board + ".log");
    }

    /** The board running now, if any; a stale entry is cleaned up on the way. */
    public Optional<RunningBoard> get(String board) {
        Path file = entryFile(board);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        RunningBoard entry;
        try {
            entry = Json.mapper().readValue(file.toFile(), RunningBoard.class);
        } catch (IOException e) {
            deleteQuietly(file); // unreadable: a half-written or foreign file, nothing to stop
            return Optional.empty();
        }
        if (!isAlive(entry)) {
            cleanUp(entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /** Every board running now, by id. */
    public List<RunningBoard> all() {
        List<RunningBoard> boards = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return boards;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    get(name.substring(0, name.length() - ".json".length())).ifPresent(boards::add);
                }
            }
        } catch (IOException e) {
            throw PawscopeException.io("cannot list " + dir + ": " + e.getMessage(), "check its permissions", e);
        }
        return boards;
    }

    public void register(RunningBoard board) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeJson(entryFile(board.board()), board);
    }

    /**
     * Stops the board: SIGTERM (the sim and QEMU exit cleanly), SIGKILL after 5 s, then removes
     * its entry and link. Returns what was stopped, or empty if nothing ran.
     */
    public Optional<RunningBoard> stop(String board) throws InterruptedException {
        Optional<RunningBoard> running = get(board);
        if (running.isEmpty()) {
            return running;
        }
        RunningBoard entry = running.get();
        Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid());
        if (handle.isPresent()) {
            ProcessHandle h = handle.get();
            h.destroy();
            try {
                h.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                h.destroyForcibly();
                waitQuietly(h);
            } catch (ExecutionException e) {
                // onExit does not fail; nothing more to wait for
            }
        }
        cleanUp(entry);
        return running;
    }

    /** Whether the entry's pid is alive and still runs the entry's program. */
    static boolean isAlive(RunningBoard entry) {
        Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<String> command = handle.get().info().command();
        if (command.isEmpty() || entry.executable() == null) {
            return true; // the system does not say; the pid is alive
        }
        Path expected = Path.of(entry.executable()).getFileName();
        return Path.of(command.get()).getFileName().equals(expected);
    }

    private void cleanUp(RunningBoard entry) {
        try {
            Path link = Path.of(entry.link());
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().equals(entry.port())) {
                Files.delete(link);
            }
        } catch (IOException ignored) {
            // best effort: a link another run replaced is not ours to remove
        }
        deleteQuietly(entryFile(entry.board()));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the next read tries again
        }
    }

    private static void waitQuietly(ProcessHandle h) throws InterruptedException {
        try {
            h.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
            // SIGKILL was sent; the kernel reaps it
        }
    }
}
