package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.host.quant.Int8Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pawscope demo}: from nothing to the live viewer: the synthetic dataset, the trained float
 * twin, its int8 model, a simulated board running it, and the viewer (a window, or PNGs when there
 * is no display). Steps whose output is present and valid are reused.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"From nothing to the live viewer, reusing what exists: builds the synthetic dataset "
                + "(--data), trains the float twin (--model; about 30 min on 2 cores), quantizes it to int8, starts "
                + "the simulated board with it and opens the viewer. With no display (or --headless) the viewer "
                + "writes its panels as PNGs and metrics.json to --out instead.",
                "%nA step is skipped when its output is present and valid (a dataset with its manifest; a model "
                        + "folder with its float twin and metrics; model_int8.tflite that loads). A folder that "
                        + "exists but is not valid stops the demo with a hint: it is never replaced.%n",
                "Example: pawscope demo%n"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data/synth48", paramLabel = "DIR",
            description = "The dataset folder, made if missing (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--model", defaultValue = "models/pawnet", paramLabel = "MODEL",
            description = "The model folder, trained and quantized if missing (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--out", defaultValue = "demo-view", paramLabel = "DIR",
            description = "Headless: where the viewer writes its PNGs (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--frames", defaultValue = "30", paramLabel = "N",
            description = "Headless: frames to collect (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: train's default).")
    Integer epochs;

    @Option(names = "--headless", description = "Write the viewer's panels even when a display is available.")
    boolean headless;

    /** What the demo does with one step. */
    enum Action { RUN, REUSE }

    /** One step of the plan: what, whether it runs, and why. */
    record Step(String name, Action action, String reason) {
        @Override
        public String toString() {
            return name + ": " + (action == Action.RUN ? "run" : "reuse") + " (" + reason + ")";
        }
    }

    @Override
    public Integer call() {
        boolean window = !headless && ViewCommand.hasDisplay();
        List<Step> plan = plan(data, model);
        int total = plan.size() + 1;
        for (int i = 0; i < plan.size(); i++) {
            Step step = plan.get(i);
            System.err.printf("[%d/%d] %s%n", i + 1, total, step);
            if (step.action() == Action.RUN) {
                run(step.name(), commandFor(step.name()));
            }
        }
        List<String> view = new ArrayList<>(List.of("view", "--model", model.toString(), "--board", "sim"));
        if (!window) {
            view.addAll(List.of("--headless", "--out", out.toString(), "--frames", Integer.toString(frames),
                    "--force"));
        }
        System.err.printf("[%d/%d] view: start the simulated board and %s%n", total, total,
                window ? "open the viewer window" : "write the viewer's panels to " + out + " (no display)");
        run("view", view.toArray(String[]::new));
        if (!window) {
            System.out.println("demo done: open " + out.resolve("panels.png") + " (and " + out
                    + "/metrics.json)");
        }
        return 0;
    }

    private String[] commandFor(String step) {
        return switch (step) {
            case "dataset" -> new String[] {"dataset", "synth", "--out", data.toString()};
            case "train" -> {
                List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out",
                        model.toString()));
                if (epochs != null) {
                    args.addAll(List.of("--epochs", epochs.toString()));
                }
                yield args.toArray(String[]::new);
            }
            case "quantize" -> new String[] {"quantize", model.toString(), "--calib", data.toString()};
            default -> throw new IllegalStateException("no step " + step);
        };
    }

    private static void run(String step, String... args) {
        int code = PawscopeMain.commandLine().execute(args);
        if (code != 0) {
            ExitCode exit = ExitCode.INTERNAL;
            for (ExitCode c : ExitCode.values()) {
                if (c.status() == code) {
                    exit = c;
                }
            }
            throw new PawscopeException(exit, "the demo's " + step + " step failed (pawscope " + String.join(" ", args)
                    + " exited " + code + ")", "its error is above; fix it and run pawscope demo again: finished "
                    + "steps are reused");
        }
    }

    /**
     * What the demo will do with {@code data} and {@code model}: each step runs when its output is
     * missing and is reused when present and valid; an output that exists but is not valid
     * throws (it is never overwritten), as does a step that would have to run on top of a reused
     * later one.
     */
    static List<Step> plan(Path data, Path model) {
        List<Step> steps = new ArrayList<>();
        if (isMissing(data)) {
            steps.add(new Step("dataset", Action.RUN, data + " does not exist"));
        } else {
            Dataset dataset = Dataset.open(data); // throws with a hint when it is not a dataset
            steps.add(new Step("dataset", Action.REUSE, data + " holds " + dataset.manifest().counts().values()
                    .stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum() + " images"));
        }
        boolean trained;
        if (isMissing(model)) {
            steps.add(new Step("train", Action.RUN, model + " does not exist"));
            trained = false;
        } else {
            ModelFolder folder = ModelFolder.open(model); // throws with a hint when it is not a model folder
            for (String file : List.of(ModelFolder.FLOAT_TWIN, ModelFolder.METRICS)) {
                if (!Files.isRegularFile(model.resolve(file))) {
                    throw PawscopeException.badInput(model + " is a model folder without " + file
                            + " (an interrupted training?)", "delete " + model + " and run pawscope demo again, or "
                            + "pass another --model");
                }
            }
            steps.add(new Step("train", Action.REUSE, model + " holds a trained " + folder.metadata().labels().size()
                    + "-class float twin"));
            trained = true;
        }
        if (!trained || !Files.exists(model.resolve(Int8Files.INT8_TFLITE))) {
            steps.add(new Step("quantize", Action.RUN, trained ? model + " has no int8 model yet"
                    : "the model is trained first"));
        } else {
            Int8Model int8 = Int8Model.load(model); // throws with a hint when the file is damaged
            steps.add(new Step("quantize", Action.REUSE, "the int8 model " + int8.hashHex().substring(0, 12)
                    + " loads"));
        }
        return steps;
    }

    private static boolean isMissing(Path dir) {
        try {
            return !Files.exists(dir) || (Files.isDirectory(dir) && Files.list(dir).findAny().isEmpty());
        } catch (java.io.IOException e) {
            throw PawscopeException.io("cannot read " + dir + ": " + e.getMessage(), "check its permissions", e);
        }
    }
}
