package dev.pawscope.host.dataset;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Imports an ImageFolder ({@code SRC/<label>/*.png|jpg|...}) of a user's own photos: each image
 * becomes grayscale, scaled to cover the input and centre-cropped. Files that cannot be decoded
 * are skipped and reported, never fatal.
 */
public final class ImageFolderImporter {

    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** A file that was skipped and why. */
    public record Skipped(Path file, String reason) {
    }

    /** What an import did. */
    public record Result(DatasetManifest manifest, List<Skipped> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    private final InputSpec input;

    public ImageFolderImporter(InputSpec input) {
        this.input = input;
    }

    /** The image files of an ImageFolder, by label, after checking its shape. */
    public static List<Path> listImages(Path src, List<String> labels) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String label : labels) {
            try (Stream<Path> list = Files.list(src.resolve(label))) {
                list.filter(Files::isRegularFile).filter(ImageFolderImporter::hasImageExtension)
                        // a dataset's masks are not photos (re-importing a dataset to resize it is natural)
                        .filter(p -> !p.getFileName().toString().endsWith(DatasetWriter.MASK_SUFFIX)).sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** The label folders of {@code src}, sorted; refuses anything that is not an ImageFolder. */
    public static List<String> labelsOf(Path src) throws IOException {
        if (!Files.isDirectory(src)) {
            throw PawscopeException.badInput("expected a folder of label sub-folders, found "
                    + AtomicFiles.describe(src) + " at " + src,
                    "arrange photos as SRC/<label>/*.jpg, e.g. SRC/sit/1.jpg, SRC/no_dog/2.jpg");
        }
        List<String> labels = new ArrayList<>();
        try (Stream<Path> list = Files.list(src)) {
            list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).forEach(labels::add);
        }
        Collections.sort(labels);
        if (labels.size() < 2) {
            throw PawscopeException.badInput("expected at least 2 label folders in " + src + ", found "
                    + labels.size() + (labels.isEmpty() ? "" : " " + labels),
                    "a classifier needs two or more classes: SRC/sit/, SRC/stand/, SRC/no_dog/ ...");
        }
        return labels;
    }

    public Result importFolder(Path src, Path out, boolean replace, String createdBy, LongConsumer progress)
            throws IOException {
        List<String> labels = labelsOf(src);
        List<Path> files = listImages(src, labels);
        List<Skipped> skipped = new ArrayList<>();
        int[] perLabel = new int[labels.size()];
        SafeNames names = new SafeNames();
        try (DatasetWriter writer = new DatasetWriter(out, labels, input, replace)) {
            for (Path file : files) {
                String label = file.getParent().getFileName().toString();
                GrayImage photo;
                try {
                    photo = PngCodec.read(file);
                } catch (IOException e) {
                    skipped.add(new Skipped(file, e.getMessage()));
                    progress.accept(1);
                    continue;
                }
                GrayImage fitted = ImageResizer.coverAndCenterCrop(photo, input.width(), input.height());
                writer.add(label, names.uniqueName(label, file), fitted, null);
                perLabel[labels.indexOf(label)]++;
                progress.accept(1);
            }
            List<String> empty = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                if (perLabel[i] == 0) {
                    empty.add(labels.get(i));
                }
            }
            if (!empty.isEmpty()) {
                throw PawscopeException.badInput("expected readable images in every label folder, found none in "
                        + empty + " (" + skipped.size() + " files skipped as unreadable)",
                        "put .png or .jpg photos in " + src + "/<label>/, or remove the empty folders");
            }
            return new Result(writer.commit("import", createdBy), skipped);
        }
    }

    private static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** File names made safe for any file system and unique within their label ({@code a_b_jpg}, {@code a_b_jpg_2}). */
    private static final class SafeNames {
        private final Set<String> used = new HashSet<>();

        String uniqueName(String label, Path file) {
            String base = file.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_");
            String name = base;
            for (int n = 2; !used.add(label + "/" + name); n++) {
                name = base + "_" + n;
            }
            return name;
        }
    }
}
