package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pawscope bench link} against a real simulated board on a pty. */
class BenchLinkCommandTest {

    @TempDir
    Path tmp;

    @Test
    void measuresTheViewersPipelineAndEverySaliencyMethodAgainstTheSim() throws Exception {
        Path json = tmp.resolve("link.json");
        CliRun run = CliRun.of("bench", "link", "--model", TinyModel.model().toString(), "--frames", "15",
                "--explanations", "3", "--warmup", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("latency_ms_p50"), run.out());

        JsonNode doc = Json.mapper().readTree(Files.readAllBytes(json));
        assertEquals(15, doc.get("frames_drawn").asInt());
        assertTrue(doc.get("frames_per_second").asDouble() > 0, doc.toString());
        assertTrue(doc.get("frames_received_per_second").asDouble() >= doc.get("frames_per_second").asDouble() * 0.99,
                "every frame drawn was received: " + doc);
        double p50 = doc.get("latency_ms_p50").asDouble();
        assertTrue(p50 > 0 && p50 <= doc.get("latency_ms_p99").asDouble()
                && doc.get("latency_ms_p99").asDouble() <= doc.get("latency_ms_max").asDouble(), doc.toString());
        // maps, image and scores are most of what crosses the wire (above 1 when maps are run-length encoded)
        double share = doc.get("payload_share").asDouble();
        assertTrue(share > 0.5 && share < 1.5, "payload share " + share);
        assertEquals(0, doc.get("corrupt_packets").asLong(), doc.toString());
        JsonNode saliency = doc.get("saliency_ms");
        for (String method : List.of("gradient", "smoothgrad", "gradcam", "occlusion")) {
            assertTrue(saliency.get(method).asDouble() > 0, method + " in " + saliency);
            assertEquals(saliency.get(method).asDouble(), doc.get("saliency_ms_" + method).asDouble(), method);
        }
    }

    @Test
    void aModelFolderThatIsNotThereIsBadInput() {
        CliRun run = CliRun.of("bench", "link", "--model", tmp.resolve("nothing").toString());
        assertTrue(run.exitCode() != 0, run.toString());
        assertTrue(run.err().contains("nothing"), run.toString());
    }

    @Test
    void zeroFramesIsRefused() {
        CliRun run = CliRun.of("bench", "link", "--model", tmp.toString(), "--frames", "0");
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("--frames >= 1"), run.toString());
    }
}
