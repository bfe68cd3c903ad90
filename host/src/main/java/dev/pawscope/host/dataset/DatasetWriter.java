package dev.pawscope.host.dataset;

import dev.pawscope.host.io.AtomicFiles;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a dataset folder: {@code <label>/<name>.png}, an optional mask beside each image as
 * {@code <label>/<name>.mask.png}, and {@code manifest.json}. Everything is written to a hidden
 * staging folder that replaces the target only on {@link #commit}; {@link #close} without a
 * commit removes it, so a failed run leaves nothing half-written. {@link #add} may be called
 * from several threads.
 */
public final class DatasetWriter implements Closeable {

    public static final String MASK_SUFFIX = ".mask.png";

    private final Path target;
    private final Path staging;
    private final List<String> labels;
    private final InputSpec input;
    private final List<DatasetEntry> entries = new ArrayList<>();
    private boolean committed;

    public DatasetWriter(Path target, List<String> labels, InputSpec input, boolean replace) throws IOException {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a dataset needs at least 2 labels, found " + labels);
        }
        this.target = target;
        this.labels = List.copyOf(labels);
        this.input = input;
        this.staging = AtomicFiles.stageFolder(target, replace);
        try {
            for (String label : labels) {
                Files.createDirectories(staging.resolve(label));
            }
        } catch (IOException e) {
            AtomicFiles.discard(staging);
            throw e;
        }
    }

    /** Adds one sample; {@code mask} may be null. Returns the entry as recorded in the manifest. */
    public DatasetEntry add(String label, String name, GrayImage image, GrayImage mask) throws IOException {
        if (!labels.contains(label)) {
            throw new IllegalArgumentException("unknown label '" + label + "', expected one of " + labels);
        }
        if (!input.matches(image)) {
            throw new IllegalArgumentException("expected a " + input + " image, found "
                    + image.width() + "x" + image.height());
        }
        byte[] sha = sha256(image.pixels());
        String path = label + "/" + name + ".png";
        Files.write(staging.resolve(path), PngCodec.encode(image), StandardOpenOption.CREATE_NEW);
        String maskPath = null;
        if (mask != null) {
            maskPath = label + "/" + name + MASK_SUFFIX;
            Files.write(staging.resolve(maskPath), PngCodec.encode(mask), StandardOpenOption.CREATE_NEW);
        }
        DatasetEntry entry = new DatasetEntry(path, label, Split.ofContentHash(sha), HexFormat.of().formatHex(sha),
                maskPath);
        synchronized (entries) {
            entries.add(entry);
        }
        return entry;
    }

    /** Writes the manifest and moves the folder into place. */
    public DatasetManifest commit(String source, String createdBy) throws IOException {
        List<DatasetEntry> sorted;
        synchronized (entries) {
            sorted = new ArrayList<>(entries);
        }
        sorted.sort(Comparator.comparing(DatasetEntry::path));
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, DatasetManifest.VERSION, source,
                createdBy, labels, input, countByLabelAndSplit(sorted), contentHash(sorted), sorted);
        AtomicFiles.writeJson(staging.resolve(DatasetManifest.FILE_NAME), manifest);
        AtomicFiles.publish(staging, target);
        committed = true;
        return manifest;
    }

    @Override
    public void close() {
        if (!committed) {
            AtomicFiles.discard(staging);
        }
    }

    private Map<String, Map<Split, Integer>> countByLabelAndSplit(List<DatasetEntry> list) {
        Map<String, Map<Split, Integer>> counts = new LinkedHashMap<>();
        for (String label : labels) {
            Map<Split, Integer> perSplit = new EnumMap<>(Split.class);
            for (Split s : Split.values()) {
                perSplit.put(s, 0);
            }
            counts.put(label, perSplit);
        }
        for (DatasetEntry e : list) {
            counts.get(e.label()).merge(e.split(), 1, Integer::sum);
        }
        return counts;
    }

    /** Order-independent: the same samples give the same hash however they were written. */
    static String contentHash(List<DatasetEntry> list) {
        List<String> lines = new ArrayList<>();
        for (DatasetEntry e : list) {
            lines.add(e.label() + "\t" + e.sha256() + "\n");
        }
        lines.sort(null);
        return HexFormat.of().formatHex(sha256(String.join("", lines).getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
