package dev.pawscope.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.model.ModelFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void synthThenTrainGivesACompleteModelFolder() throws IOException {
        Path d = tmp.resolve("d");
        Path m = tmp.resolve("m");
        assertEquals(0, CliRun.of("dataset", "synth", "--out", d.toString(), "--per-class", "40", "--size", "32").exitCode());
        CliRun train = CliRun.of("train", "--data", d.toString(), "--out", m.toString(), "--arch", "tiny", "--epochs", "2");
        assertEquals(0, train.exitCode(), train.toString());

        for (String f : new String[]{ModelFolder.FLOAT_TWIN, "model.json", ModelFolder.METRICS, ModelFolder.CONFUSION_PNG,
                ModelFolder.CURVES_PNG, ModelFolder.MISCLASSIFIED_PNG}) {
            assertTrue(Files.size(m.resolve(f)) > 0, f);
        }
        JsonNode metrics = Json.mapper().readTree(m.resolve(ModelFolder.METRICS).toFile());
        double acc = metrics.get("test_accuracy").asDouble();
        assertTrue(acc >= 0 && acc <= 1, "test_accuracy " + acc);
        assertEquals(4, metrics.get("confusion_matrix").size());
        assertTrue(metrics.get("per_class").get("lie_down").has("recall"));
        assertEquals(2, metrics.get("history").size());

        JsonNode model = Json.mapper().readTree(m.resolve("model.json").toFile());
        assertEquals(Json.mapper().readTree(d.resolve("manifest.json").toFile()).get("hash"), model.get("dataset_hash"));
        assertEquals("sit", model.get("labels").get(0).asText());

        var net = ModelFolder.open(m).loadFloatTwin();
        assertEquals(4, net.output(org.nd4j.linalg.factory.Nd4j.zeros(1, 1, 32, 32)).length());

        CliRun info = CliRun.of("info", m.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("0_conv2d"), info.out());
    }

    @Test
    void theSameSeedTrainsTheSameWeights() {
        Path d = tmp.resolve("d");
        assertEquals(0, CliRun.of("dataset", "synth", "--out", d.toString(), "--per-class", "24", "--size", "32").exitCode());
        for (String m : new String[]{"m1", "m2"}) {
            CliRun run = CliRun.of("train", "--data", d.toString(), "--out", tmp.resolve(m).toString(), "--arch", "tiny",
                    "--epochs", "1", "--seed", "7");
            assertEquals(0, run.exitCode(), run.toString());
        }
        var first = ModelFolder.open(tmp.resolve("m1")).loadFloatTwin().params();
        var second = ModelFolder.open(tmp.resolve("m2")).loadFloatTwin().params();
        assertEquals(first, second);
    }
}
