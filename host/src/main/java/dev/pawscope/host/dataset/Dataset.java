package dev.pawscope.host.dataset;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.io.VersionedJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A dataset folder opened for reading, its manifest checked. */
public final class Dataset {

    private final Path root;
    private final DatasetManifest manifest;

    private Dataset(Path root, DatasetManifest manifest) {
        this.root = root;
        this.manifest = manifest;
    }

    /** Opens {@code root}, refusing folders that are not datasets of this version with a hint. */
    public static Dataset open(Path root) {
        if (!Files.isDirectory(root)) {
            throw PawscopeException.badInput("expected a dataset folder, found " + AtomicFiles.describe(root) + ": " + root,
                    "make one with `pawscope dataset synth --out " + root + "` or `pawscope dataset import`");
        }
        DatasetManifest manifest = VersionedJson.read(root.resolve(DatasetManifest.FILE_NAME), DatasetManifest.FORMAT,
                DatasetManifest.VERSION, DatasetManifest.class, "re-create the dataset with this version of pawscope: "
                        + "`pawscope dataset synth` or `pawscope dataset import` (a folder of photos by label is an "
                        + "input to `dataset import`, not a dataset)");
        if (manifest.labels().size() < 2) {
            throw PawscopeException.badInput("expected at least 2 labels, found " + manifest.labels() + " in " + root,
                    "a classifier needs examples of at least two classes (e.g. sit and no_dog)");
        }
        if (manifest.input() == null) {
            throw PawscopeException.badInput("expected an input size in " + root.resolve(DatasetManifest.FILE_NAME)
                    + ", found none", "the manifest is damaged; re-create the dataset");
        }
        for (DatasetEntry e : manifest.entries()) {
            if (!manifest.labels().contains(e.label())) {
                throw PawscopeException.badInput("expected every sample's label among " + manifest.labels()
                        + ", found '" + e.label() + "' for " + e.path(), "the manifest is damaged; re-create the dataset");
            }
        }
        if (manifest.entries().isEmpty()) {
            throw PawscopeException.badInput("expected samples, found an empty dataset: " + root,
                    "add images and re-create the dataset");
        }
        return new Dataset(root, manifest);
    }

    public Path root() {
        return root;
    }

    public DatasetManifest manifest() {
        return manifest;
    }

    public List<String> labels() {
        return manifest.labels();
    }

    public InputSpec input() {
        return manifest.input();
    }

    /** Loads every image of one split, in manifest order. */
    public List<LabeledImage> load(Split split) {
        List<LabeledImage> out = new ArrayList<>();
        for (DatasetEntry e : manifest.entries()) {
            if (e.split() == split) {
                out.add(new LabeledImage(readImage(e.path()), manifest.labelIndex(e.label()), e));
            }
        }
        return out;
    }

    /** The ground-truth mask of an entry (255 = dog), or null when it has none. */
    public GrayImage mask(DatasetEntry entry) {
        return entry.hasMask() ? readImage(entry.mask()) : null;
    }

    public GrayImage readImage(String relative) {
        Path file = root.resolve(relative);
        GrayImage image;
        try {
            image = PngCodec.read(file);
        } catch (IOException e) {
            throw PawscopeException.badInput("cannot read dataset image " + file + ": " + e.getMessage(),
                    "the dataset is damaged; re-create it");
        }
        if (!manifest.input().matches(image)) {
            throw PawscopeException.badInput("expected a " + manifest.input() + " image, found "
                    + image.width() + "x" + image.height() + " in " + file, "re-create the dataset");
        }
        return image;
    }
}
