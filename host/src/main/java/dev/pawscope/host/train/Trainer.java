package dev.pawscope.host.train;

import dev.pawscope.host.cli.PawscopeException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Mini-batch training with Adam (configured in the network), optional augmentation, and two
 * Keras-style callbacks on validation loss: the learning rate halves after {@link #PLATEAU_EPOCHS}
 * epochs without improvement (ReduceLROnPlateau), and after {@code patience} epochs without
 * improvement training stops and the best epoch's parameters are restored (EarlyStopping).
 * Reproducible for a given seed.
 */
public final class Trainer {

    /** Training samples scored (unaugmented) each epoch for the train-accuracy curve. */
    static final int TRAIN_EVAL_SAMPLES = 1024;
    /** Epochs without a better validation loss before the learning rate is halved. */
    static final int PLATEAU_EPOCHS = 2;
    static final double PLATEAU_FACTOR = 0.5;

    /** Defaults of the train command and of the benchmark, in one place. */
    public static final int DEFAULT_EPOCHS = 40;
    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_PATIENCE = 8;
    public static final double DEFAULT_LEARNING_RATE = 0.002;

    public record Config(int epochs, int batchSize, int patience, long seed, boolean augment, double learningRate) {
        public Config {
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("expected a learning rate in (0, 1), found " + learningRate);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("expected epochs >= 1, found " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("expected a batch size >= 1, found " + batchSize);
            }
            if (patience < 1) {
                throw new IllegalArgumentException("expected patience >= 1, found " + patience);
            }
        }
    }

    /** Hears about progress; called on the training thread. */
    public interface Listener {
        void onBatch(int epoch, int samplesDone, int samplesTotal, double loss);

        void onEpoch(EpochStats stats, boolean best);
    }

    public record Result(List<EpochStats> history, int bestEpoch, boolean stoppedEarly, double seconds) {
        public Result {
            history = List.copyOf(history);
        }
    }

    private final Config config;

    public Trainer(Config config) {
        this.config = config;
    }

    public Result train(MultiLayerNetwork net, ImageTensors train, ImageTensors val, Listener listener) {
        if (train.size() == 0 || val.size() == 0) {
            throw new IllegalArgumentException("expected training and validation samples, found " + train.size()
                    + " and " + val.size());
        }
        long start = System.nanoTime();
        Augmenter augmenter = new Augmenter(train.width(), train.height());
        int pixels = train.width() * train.height();
        List<EpochStats> history = new ArrayList<>();
        ImageTensors trainSample = train.evenSubset(TRAIN_EVAL_SAMPLES);
        INDArray bestParams = net.params().dup();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean stoppedEarly = false;
        double learningRate = config.learningRate();
        int lastReduction = 0;
        net.setLearningRate(learningRate);
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            SplittableRandom rnd = new SplittableRandom(config.seed() * 1_000_003L + epoch);
            int[] order = permutation(train.size(), rnd);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int to = Math.min(order.length, from + config.batchSize());
                int[] idx = Arrays.copyOfRange(order, from, to);
                float[] flat = new float[idx.length * pixels];
                for (int k = 0; k < idx.length; k++) {
                    if (config.augment()) {
                        augmenter.apply(train.image(idx[k]), flat, k * pixels, rnd);
                    } else {
                        System.arraycopy(train.image(idx[k]), 0, flat, k * pixels, pixels);
                    }
                }
                INDArray features = Nd4j.create(flat, new long[]{idx.length, 1, train.height(), train.width()}, 'c');
                net.fit(new DataSet(features, train.oneHot(idx)));
                // score() adds the L2 penalty; without it the train loss compares with the validation loss
                lossSum += net.score() - net.calcRegularizationScore(true);
                batches++;
                listener.onBatch(epoch, to, order.length, lossSum / batches);
            }
            Predictions trainEval = Predictions.of(net, trainSample);
            Predictions valEval = Predictions.of(net, val);
            EpochStats stats = new EpochStats(epoch, lossSum / batches, trainEval.accuracy(), valEval.meanLoss(),
                    valEval.accuracy(), (System.nanoTime() - epochStart) / 1e9, learningRate);
            history.add(stats);
            boolean best = valEval.meanLoss() < bestLoss;
            if (best) {
                bestLoss = valEval.meanLoss();
                bestEpoch = epoch;
                bestParams = net.params().dup();
            }
            if (!Double.isFinite(stats.trainLoss()) || !Double.isFinite(stats.valLoss())) {
                throw PawscopeException.badInput(String.format(Locale.ROOT,
                        "training diverged at epoch %d: loss %s, validation loss %s", epoch, stats.trainLoss(),
                        stats.valLoss()), "lower the learning rate (--lr), e.g. to " + config.learningRate() / 4);
            }
            listener.onEpoch(stats, best);
            if (epoch - bestEpoch >= config.patience() && epoch < config.epochs()) {
                stoppedEarly = true;
                break;
            }
            if (epoch - Math.max(bestEpoch, lastReduction) >= PLATEAU_EPOCHS) {
                learningRate *= PLATEAU_FACTOR;
                lastReduction = epoch;
                net.setLearningRate(learningRate);
            }
        }
        net.setParams(bestParams);
        return new Result(history, bestEpoch, stoppedEarly, (System.nanoTime() - start) / 1e9);
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
