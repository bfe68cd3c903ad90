package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.ImageFolderImporter;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pawscope dataset import}: a folder of the user's photos becomes a dataset. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {"Import your own photos, arranged as SRC/<label>/*.png|jpg (an \"ImageFolder\").",
                "%nAny size or colour: each photo becomes grayscale, is scaled to cover the input and centre-cropped. "
                        + "Unreadable files are counted, listed and skipped.%n",
                "Example: pawscope dataset import ~/dog-photos --out data/mydog   (with ~/dog-photos/sit/*.jpg, "
                        + "~/dog-photos/stand/*.jpg, ...)%n"})
final class DatasetImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SRC", description = "Folder with one sub-folder of images per label.")
    Path src;

    @Option(names = "--out", required = true, description = "Dataset folder to create.")
    Path out;

    @Option(names = "--size", defaultValue = "48", paramLabel = "PX", description = "Model input width and height (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--force", description = "Replace --out if it is a folder pawscope made (a dataset or model); never any other folder.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        InputSpec input;
        try {
            input = InputSpec.square(size);
        } catch (IllegalArgumentException e) {
            throw PawscopeException.badInput(e.getMessage(), "48 (the default) or 96");
        }
        AtomicFiles.checkDisjoint(src, out);
        var labels = ImageFolderImporter.labelsOf(src);
        int total = ImageFolderImporter.listImages(src, labels).size();
        if (total == 0) {
            throw PawscopeException.badInput("expected image files (png, jpg, jpeg, bmp, gif) under " + src + "/<label>/, found none", "copy your photos into the label folders");
        }
        String createdBy = "pawscope dataset import " + src + " --size " + size;
        ImageFolderImporter.Result result;
        try (ProgressBar bar = new ProgressBar("import", total)) {
            result = new ImageFolderImporter(input).importFolder(src, out, force, createdBy, bar::step);
        }
        var m = result.manifest();
        System.out.printf("imported %d of %d images into %s (labels %s): train %d, val %d, test %d%n",
                m.entries().size(), total, out, m.labels(), m.count(Split.TRAIN), m.count(Split.VAL), m.count(Split.TEST));
        if (!result.skipped().isEmpty()) {
            System.out.println("skipped " + result.skipped().size() + " unreadable file(s):");
            result.skipped().forEach(s -> System.out.println("  " + s.file() + ": " + s.reason()));
        }
        return 0;
    }
}
