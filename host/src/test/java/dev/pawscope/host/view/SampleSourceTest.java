package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.testing.TinyModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What "Send sample" sends: a dataset's test split with true labels, or synthetic dogs. */
class SampleSourceTest {

    static final List<String> LABELS = List.of("sit", "stand", "lie_down", "no_dog");

    @Test
    void aDatasetSourceCyclesThroughExactlyTheTestSplitWithTrueLabels() {
        Dataset d = Dataset.open(TinyModel.data());
        int tests = d.manifest().count(Split.TEST);
        SampleSource s = SampleSource.dataset(TinyModel.data(), 32, 32, LABELS, SampleSource.Order.CYCLE, 1);
        assertFalse(s.isSynthetic());
        Set<String> names = new HashSet<>();
        List<String> firstRound = new ArrayList<>();
        for (int i = 0; i < tests; i++) {
            SampleSource.Sample sample = s.next(SampleSource.ANY);
            names.add(sample.name());
            firstRound.add(sample.name());
            assertTrue(sample.name().startsWith(sample.label() + "/"), "the label is the image's folder: " + sample);
            assertEquals(32, sample.image().width());
        }
        assertEquals(tests, names.size(), "one round sends every test image once");
        assertEquals(firstRound.get(0), s.next(SampleSource.ANY).name(), "then starts again");
        for (var e : d.manifest().entries()) {
            if (names.contains(e.path())) {
                assertEquals(Split.TEST, e.split(), e.path());
            }
        }
    }

    @Test
    void aChosenClassGivesOnlyItsImagesAndRandomOrderStaysInTheSplit() {
        SampleSource s = SampleSource.dataset(TinyModel.data(), 32, 32, LABELS, SampleSource.Order.RANDOM, 3);
        for (int i = 0; i < 10; i++) {
            assertEquals("stand", s.next("stand").label());
        }
        assertTrue(s.describe().contains("at random"), s.describe());
    }

    @Test
    void aDatasetOfAnotherSizeOrOtherLabelsIsRefusedWithWhatToDo() {
        PawscopeException size = assertThrows(PawscopeException.class,
                () -> SampleSource.dataset(TinyModel.data(), 48, 48, LABELS, SampleSource.Order.CYCLE, 1));
        assertEquals(ExitCode.BAD_INPUT, size.exitCode());
        assertTrue(size.getMessage().contains("holds 32x32 images, the model takes 48x48"), size.getMessage());
        assertTrue(size.hint().contains("--size 48"), size.hint());
        PawscopeException labels = assertThrows(PawscopeException.class,
                () -> SampleSource.dataset(TinyModel.data(), 32, 32, List.of("cat", "dog"), SampleSource.Order.CYCLE, 1));
        assertTrue(labels.getMessage().contains("has labels [sit, stand, lie_down, no_dog], the model [cat, dog]"),
                labels.getMessage());
    }

    @Test
    void withoutADatasetSamplesAreSyntheticDogsOfTheChosenClassTheSameEveryRun() {
        SampleSource a = SampleSource.synthetic(32);
        SampleSource b = SampleSource.synthetic(32);
        assertTrue(a.isSynthetic());
        assertTrue(a.describe().contains("no --data"), a.describe());
        SampleSource.Sample sa = a.next("sit");
        assertEquals("sit", sa.label());
        assertEquals(sa.image(), b.next("sit").image(), "deterministic");
        assertEquals("stand", a.next(SampleSource.ANY).label(), "any: the classes in turn");
    }
}
