package dev.pawscope.host.flash;

import dev.pawscope.host.cli.PawscopeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs an external tool (arduino-cli, pio), streaming its output line by line as progress and
 * keeping all of it for what comes after (the size report); a failure throws with the tool's
 * last lines and the command to rerun by hand.
 */
public final class ToolRun {

    static final int TAIL_LINES = 20;

    private ToolRun() {}

    /**
     * @param what what the step does, for messages ("compiling the nano33ble sketch")
     * @param hint what to do when it fails
     * @return everything the tool printed
     */
    public static String run(List<String> command, Path workDir, String what, String hint, Consumer<String> progress)
            throws IOException, InterruptedException {
        progress.accept("$ " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw PawscopeException.io(what + " failed: cannot start " + command.get(0) + ": " + e.getMessage(), hint,
                    e);
        }
        process.getOutputStream().close();
        List<String> all = new ArrayList<>();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                progress.accept("  " + line);
                all.add(line);
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        } finally {
            if (Thread.currentThread().isInterrupted()) {
                process.destroy();
            }
        }
        int code = process.waitFor();
        if (code != 0) {
            throw PawscopeException.io(what + " failed (" + command.get(0) + " exit " + code + "); its last lines:\n"
                    + String.join("\n", tail), hint + "; to rerun by hand: " + String.join(" ", command), null);
        }
        return String.join("\n", all);
    }
}
