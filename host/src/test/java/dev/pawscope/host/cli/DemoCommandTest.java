package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.cli.DemoCommand.Action;
import dev.pawscope.host.cli.DemoCommand.Step;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.host.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code pawscope demo} reuses and what it runs (the steps themselves are each tested elsewhere). */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void fromNothingEveryStepRuns() {
        List<Step> plan = DemoCommand.plan(tmp.resolve("data"), tmp.resolve("model"));
        assertEquals(List.of("dataset", "train", "quantize"), plan.stream().map(Step::name).toList());
        assertTrue(plan.stream().allMatch(s -> s.action() == Action.RUN), plan.toString());
    }

    @Test
    void aValidDatasetAndQuantizedModelAreReusedAndOnlyTheViewerRuns() {
        List<Step> plan = DemoCommand.plan(TinyModel.data(), TinyModel.model());
        assertTrue(plan.stream().allMatch(s -> s.action() == Action.REUSE), plan.toString());
        assertTrue(plan.get(0).reason().contains("160 images"), plan.get(0).reason());
    }

    @Test
    void aTrainedModelWithoutItsInt8ModelIsQuantizedOnly() throws Exception {
        Path model = tmp.resolve("model");
        ViewCommandTest.copy(TinyModel.model(), model);
        Files.delete(model.resolve(Int8Files.INT8_TFLITE));
        List<Step> plan = DemoCommand.plan(TinyModel.data(), model);
        assertEquals(List.of(Action.REUSE, Action.REUSE, Action.RUN), plan.stream().map(Step::action).toList());
        assertTrue(plan.get(2).reason().contains("no int8 model yet"), plan.toString());
    }

    @Test
    void anEmptyFolderCountsAsMissing() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        assertEquals(Action.RUN, DemoCommand.plan(tmp.resolve("data"), tmp.resolve("m")).get(0).action());
    }

    @Test
    void aFolderThatIsNotWhatTheStepMakesStopsTheDemoAndIsLeftAlone() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(photos.resolve("holiday.txt"), "not a dataset");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> DemoCommand.plan(photos, tmp.resolve("model")));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(Files.isRegularFile(photos.resolve("holiday.txt")), "never replaced");

        Path model = tmp.resolve("half-trained");
        ViewCommandTest.copy(TinyModel.model(), model);
        Files.delete(model.resolve(ModelFolder.FLOAT_TWIN));
        e = assertThrows(PawscopeException.class, () -> DemoCommand.plan(TinyModel.data(), model));
        assertTrue(e.getMessage().contains("without float_twin.zip"), e.getMessage());
        assertTrue(e.hint().contains("delete " + model), e.hint());
    }

    @Test
    void aDamagedInt8ModelIsNamed() throws Exception {
        Path model = tmp.resolve("model");
        ViewCommandTest.copy(TinyModel.model(), model);
        Files.write(model.resolve(Int8Files.INT8_TFLITE), new byte[] {1, 2, 3});
        PawscopeException e = assertThrows(PawscopeException.class, () -> DemoCommand.plan(TinyModel.data(), model));
        assertTrue(e.getMessage().contains(Int8Files.INT8_TFLITE), e.getMessage());
    }

    @Test
    void theDemoReusesTheFixtureAndWritesTheViewersPanelsWhenThereIsNoDisplay() throws Exception {
        Path out = tmp.resolve("demo-view");
        CliRun run = CliRun.of("demo", "--data", TinyModel.data().toString(), "--model", TinyModel.model().toString(),
                "--out", out.toString(), "--frames", "3", "--headless");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("[1/4] dataset: reuse") && run.err().contains("[3/4] quantize: reuse")
                && run.err().contains("[4/4] view"), run.err());
        assertTrue(Files.isRegularFile(out.resolve("panels.png")) && Files.isRegularFile(out.resolve("metrics.json")));
        assertTrue(run.out().contains("demo done: open " + out.resolve("panels.png")), run.out());
    }
}
