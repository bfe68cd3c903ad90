package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.view.Colormap;
import dev.pawscope.host.view.FeatureMaps;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PNG sheets that show the float twin from the inside: the first layer's filters, any layer's
 * feature maps for an image, and the inputs activation maximisation found. Signed values use the
 * diverging map (blue negative, white zero, orange positive) on one scale symmetric around zero,
 * so a colour means the same number in every tile of a sheet.
 */
public final class NetworkSheets {

    /** Tiles per row in grids. */
    static final int COLUMNS = 8;

    private NetworkSheets() {}

    /** The first convolution's filters as images, with their values, ranges and biases. */
    public static BufferedImage filters(FloatTwin twin) {
        float[][] filters = twin.firstLayerFilters();
        float[] biases = twin.firstLayerBiases();
        int[] k = twin.firstLayerKernel();
        double max = 0;
        for (float[] f : filters) {
            for (float v : f) {
                max = Math.max(max, Math.abs(v));
            }
        }
        max = max > 0 ? max : 1;
        List<TileSheet.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < filters.length; i++) {
            float[] f = filters[i];
            tiles.add(new TileSheet.Tile(f, k[1], k[0], -max, max, Colormap.DIVERGING::rgb,
                    List.of("filter " + i, "w " + range(f), "bias " + TileSheet.number(biases[i])), null));
        }
        TwinLayer first = twin.layers().get(0);
        String title = "First-layer filters · " + first.alias() + " (" + first.name() + "): " + filters.length
                + " filters of " + k[0] + "x" + k[1] + " over the gray input";
        String subtitle = "each square is a weight: orange rewards a bright pixel there, blue a dark one "
                + "(inputs are normalised to [-1, 1]); one scale for all filters, ±max |w|";
        return TileSheet.render(title, subtitle, tiles, COLUMNS, 96, true,
                new TileSheet.Bar(Colormap.DIVERGING::rgb, -max, max, "weight"));
    }

    /** The input, then every channel of {@code layer}'s output for it. */
    public static BufferedImage featureMaps(FloatTwin twin, GrayImage image, TwinLayer layer, String imageName) {
        FeatureMaps maps = twin.featureMaps(twin.normalise(image), layer);
        float[] range = maps.range();
        double max = Math.max(Math.abs(range[0]), Math.abs(range[1]));
        max = max > 0 ? max : 1;
        List<TileSheet.Tile> tiles = new ArrayList<>();
        float[] pixels = new float[image.width() * image.height()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = image.pixels()[i] & 0xFF;
        }
        tiles.add(new TileSheet.Tile(pixels, image.width(), image.height(), 0, 255, TileSheet.GRAY,
                List.of("input", image.width() + "x" + image.height() + " gray"), null));
        for (int c = 0; c < maps.size(); c++) {
            float[] m = maps.map(c);
            tiles.add(new TileSheet.Tile(m, maps.width(), maps.height(), -max, max, Colormap.DIVERGING::rgb,
                    List.of("channel " + maps.channels().get(c), range(m)), null));
        }
        String title = "Feature maps · " + layer.describe() + " · " + imageName;
        String subtitle = "what each channel of " + layer.alias() + " computes for this image ("
                + (layer.kind().equals("conv") ? "before its ReLU" : "after the layer") + "); white = 0, orange "
                + "positive, blue negative, one scale for all channels";
        // the input plus up to 9 channels fit one row; more wrap 9 tiles to a row
        return TileSheet.render(title, subtitle, tiles, tiles.size() <= 10 ? tiles.size() : COLUMNS + 1, 96, false,
                new TileSheet.Bar(Colormap.DIVERGING::rgb, -max, max, "activation"));
    }

    /**
     * The inputs found by activation maximisation, each on its own contrast (its darkest pixel black,
     * its brightest white), with its objective's climb under it.
     *
     * @param names one heading per result, e.g. "filter 5" or "class 'sit'"
     */
    public static BufferedImage maximised(List<ActivationMaximisation.Result> results, List<String> names,
            String title, String subtitle) {
        List<TileSheet.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ActivationMaximisation.Result r = results.get(i);
            GrayImage img = r.image();
            float[] px = new float[img.width() * img.height()];
            float lo = 255;
            float hi = 0;
            for (int p = 0; p < px.length; p++) {
                px[p] = img.pixels()[p] & 0xFF;
                lo = Math.min(lo, px[p]);
                hi = Math.max(hi, px[p]);
            }
            tiles.add(new TileSheet.Tile(px, img.width(), img.height(), lo, hi > lo ? hi : lo + 1, TileSheet.GRAY,
                    List.of(names.get(i), "objective " + TileSheet.number(r.first()) + " → "
                            + TileSheet.number(r.last()), String.format(Locale.ROOT, "pixels %.0f..%.0f", lo, hi)),
                    r.objective()));
        }
        int side = results.size() == 1 ? 240 : 120;
        return TileSheet.render(title, subtitle, tiles, results.size() <= 4 ? results.size() : COLUMNS, side, false,
                null);
    }

    private static String range(float[] v) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return "[" + TileSheet.number(lo) + ", " + TileSheet.number(hi) + "]";
    }
}
