package dev.pawscope.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The {@code pawscope} command: subcommands, and the one place that maps failures to exit codes. */
@Command(name = "pawscope",
        mixinStandardHelpOptions = true,
        versionProvider = PawscopeVersion.class,
        description = {"A TinyML companion toolchain: dog-behaviour datasets, a float CNN (the float twin), "
                + "int8 models for microcontrollers, and a live view of what the board's model sees.", ""},
        footer = {"",
                "Start with:",
                "  pawscope dataset synth --out data/synth48",
                "  pawscope train --data data/synth48 --out models/pawnet",
                "",
                "Exit codes: 0 ok, 1 internal error, 2 usage, 3 bad input, 4 I/O error, 130 interrupted.",
                "Set PAWSCOPE_DEBUG=1 to see stack traces."},
        subcommands = {
                DatasetCommand.class,
                TrainCommand.class,
                ImportCommand.class,
                QuantizeCommand.class,
                InferCommand.class,
                ExplainCommand.class,
                ReportCommand.class,
                GoldenCommand.class,
                ExportCommand.class,
                BoardCommand.class,
                BoardsCommand.class,
                FlashCommand.class,
                InfoCommand.class,
                BenchCommand.class,
                ViewCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class PawscopeMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status; never throws. */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PawscopeMain());
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler(PawscopeMain::handleFailure);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("see `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`");
            return ExitCode.USAGE.status();
        });
        return cli;
    }

    private static int handleFailure(Exception thrown, CommandLine cmd, CommandLine.ParseResult parsed) {
        Exception ex = thrown instanceof UncheckedIOException u ? u.getCause() : thrown;
        PrintWriter err = cmd.getErr();
        err.flush();
        System.err.println();
        if (ex instanceof PawscopeException pe) {
            err.println("error: " + pe.getMessage());
            if (!pe.hint().isEmpty()) {
                err.println("hint: " + pe.hint());
            }
            debugTrace(ex, err);
            return pe.exitCode().status();
        }
        if (ex instanceof InterruptedException) {
            err.println("interrupted");
            return ExitCode.INTERRUPTED.status();
        }
        if (ex instanceof java.io.IOException io) {
            err.println("error: " + io.getMessage());
            err.println("hint: check the path, free disk space and permissions");
            debugTrace(ex, err);
            return ExitCode.IO.status();
        }
        err.println("internal error: " + ex);
        err.println("hint: this is a bug in pawscope; rerun with PAWSCOPE_DEBUG=1 and report the stack trace");
        debugTrace(ex, err);
        return ExitCode.INTERNAL.status();
    }

    private static void debugTrace(Exception ex, PrintWriter err) {
        if (System.getenv("PAWSCOPE_DEBUG") != null) {
            ex.printStackTrace(err);
        }
    }
}
