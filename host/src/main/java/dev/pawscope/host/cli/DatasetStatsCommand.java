package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.ContactSheet;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.DatasetStats;
import dev.pawscope.host.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pawscope dataset stats}: counts, imbalance warnings and a contact sheet. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = {"Show counts per class and split, imbalance warnings, and a contact sheet.",
                "%nThe contact sheet is a PNG with the first samples of every class (ground-truth mask outlines "
                        + "in red for synthetic data).%n"})
final class DatasetStatsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "A dataset folder.")
    Path dir;

    @Option(names = "--sheet", description = "Contact sheet to write (default: DIR/contact_sheet.png).")
    Path sheet;

    @Option(names = "--per-class", defaultValue = "12", description = "Samples per class on the sheet (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Override
    public Integer call() throws Exception {
        Dataset dataset = Dataset.open(dir);
        var m = dataset.manifest();
        System.out.println(dir + ": " + m.source() + " dataset, input " + m.input() + ", "
                + m.labels().size() + " labels, hash " + m.hash());
        System.out.println("made by: " + m.createdBy());
        System.out.println();
        System.out.print(DatasetStats.table(m));
        var warnings = DatasetStats.warnings(m);
        if (!warnings.isEmpty()) {
            System.out.println();
            warnings.forEach(w -> System.out.println("warning: " + w));
        }
        Path target = sheet != null ? sheet : dir.resolve("contact_sheet.png");
        AtomicFiles.writePng(target, ContactSheet.render(dataset, Math.max(1, perClass)));
        System.out.println();
        System.out.println("contact sheet: " + target);
        return 0;
    }
}
