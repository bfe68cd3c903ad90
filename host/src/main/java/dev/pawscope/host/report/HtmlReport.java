package dev.pawscope.host.report;

import dev.pawscope.host.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The report's public face: compute it, render it, write it atomically. */
public final class HtmlReport {

    private HtmlReport() {}

    /** Writes the report for {@code options} to {@code out}; returns the seconds it took to compute. */
    public static double write(ModelReportBuilder.Options options, Path out) throws IOException, InterruptedException {
        ModelReport report = ModelReportBuilder.build(options);
        AtomicFiles.write(out, ReportPage.render(report).getBytes(StandardCharsets.UTF_8));
        return report.header().seconds();
    }
}
