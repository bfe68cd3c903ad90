package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.DatasetManifest;
import dev.pawscope.host.dataset.DatasetStats;
import dev.pawscope.host.model.LayerInfo;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code pawscope info}: what a model folder or dataset folder holds. */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        description = {"Describe a model folder or a dataset folder.",
                "%nFor a model: labels, input and normalisation, every layer with its output shape, and where it "
                        + "came from. For a dataset: labels and counts per split.%n"})
final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PATH", description = "A model folder or a dataset folder.")
    Path path;

    @Override
    public Integer call() {
        if (Files.isRegularFile(path.resolve(DatasetManifest.FILE_NAME))) {
            Dataset d = Dataset.open(path);
            DatasetManifest m = d.manifest();
            System.out.println(path + ": " + m.source() + " dataset, input " + m.input() + ", hash " + m.hash());
            System.out.println("made by: " + m.createdBy());
            System.out.print(DatasetStats.table(m));
            return 0;
        }
        ModelMetadata m = ModelFolder.open(path).metadata();
        System.out.println(path + ": " + m.origin() + " model, pawscope " + m.pawscopeVersion());
        System.out.println("labels:  " + String.join(", ", m.labels()));
        System.out.printf(Locale.ROOT, "input:   %s grayscale, float = pixel * %.6g + %.6g%n", m.input(),
                m.normalization().scale(), m.normalization().offset());
        System.out.println("made by: " + m.createdBy());
        System.out.println("dataset: " + (m.datasetHash().isEmpty() ? "(none recorded)" : m.datasetHash()));
        System.out.println();
        System.out.printf(Locale.ROOT, "%3s  %-22s %-50s %s%n", "#", "name", "layer", "output (HxWxC)");
        for (LayerInfo l : m.layers()) {
            System.out.printf(Locale.ROOT, "%3d  %-22s %-50s %s%n", l.index(), l.name(), l.spec(),
                    String.join("x", l.outputShape().stream().map(String::valueOf).toList()));
        }
        return 0;
    }
}
