package dev.pawscope.host.arduino;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Files in memory as zip bytes under one root folder, reproducibly: entries sorted, a folder
 * entry before its files, one fixed timestamp, so the same export gives the same zip.
 */
final class ZipTree {

    /** 2000-01-01: the zip format cannot store times before 1980. */
    private static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private ZipTree() {
    }

    /** @param files paths relative to {@code root}, '/'-separated */
    static byte[] zip(String root, Map<String, byte[]> files) {
        TreeSet<String> entries = new TreeSet<>();
        entries.add(root + "/");
        for (String path : files.keySet()) {
            String full = root + "/" + path;
            for (int slash = full.indexOf('/'); slash >= 0 && slash < full.length() - 1;
                    slash = full.indexOf('/', slash + 1)) {
                entries.add(full.substring(0, slash + 1));
            }
        }
        files.keySet().forEach(path -> entries.add(root + "/" + path));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : entries) {
                ZipEntry entry = new ZipEntry(name);
                entry.setLastModifiedTime(FIXED_TIME);
                zip.putNextEntry(entry);
                if (!name.endsWith("/")) {
                    zip.write(files.get(name.substring(root.length() + 1)));
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip in memory", e);
        }
        return bytes.toByteArray();
    }
}
