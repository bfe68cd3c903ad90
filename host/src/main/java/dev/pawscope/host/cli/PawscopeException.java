package dev.pawscope.host.cli;

/**
 * An error a user can act on. The message says what was expected and what was found; the
 * hint says what to do. The CLI prints both and exits with {@link #exitCode()}.
 */
public final class PawscopeException extends RuntimeException {

    private final ExitCode exitCode;
    private final String hint;

    public PawscopeException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public PawscopeException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        if (exitCode == ExitCode.OK) {
            throw new IllegalArgumentException("an error cannot exit with OK");
        }
        this.exitCode = exitCode;
        this.hint = hint == null ? "" : hint;
    }

    public static PawscopeException badInput(String message, String hint) {
        return new PawscopeException(ExitCode.BAD_INPUT, message, hint);
    }

    public static PawscopeException io(String message, String hint, Throwable cause) {
        return new PawscopeException(ExitCode.IO, message, hint, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }
}
