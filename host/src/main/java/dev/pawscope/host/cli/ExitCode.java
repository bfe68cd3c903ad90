package dev.pawscope.host.cli;

/** Every exit status pawscope uses, in one place. */
public enum ExitCode {
    OK(0),
    /** A bug in pawscope: the message asks for a report. */
    INTERNAL(1),
    /** The command line itself is wrong (unknown option, missing argument). */
    USAGE(2),
    /** Input data, model or spec is not what was expected. */
    BAD_INPUT(3),
    /** A file could not be read or written. */
    IO(4),
    /** Interrupted by the user (Ctrl-C). */
    INTERRUPTED(130);

    private final int status;

    ExitCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
