package dev.pawscope.host.dataset;

/**
 * Resizes to a model's input the way a camera pipeline would: scale so the image covers the
 * target, then crop the centre. Area averaging (each output pixel is the mean of the source
 * area it covers, with fractional edge weights), so shrinking a photo does not alias.
 */
public final class ImageResizer {

    private ImageResizer() {
    }

    public static GrayImage coverAndCenterCrop(GrayImage src, int width, int height) {
        double scale = Math.max((double) width / src.width(), (double) height / src.height());
        // the source window that maps onto the output, centred
        double winW = width / scale;
        double winH = height / scale;
        double x0 = (src.width() - winW) / 2;
        double y0 = (src.height() - winH) / 2;
        double step = 1 / scale;
        byte[] px = src.pixels();
        byte[] out = new byte[width * height];
        for (int oy = 0; oy < height; oy++) {
            double sy0 = y0 + oy * step;
            double sy1 = sy0 + step;
            for (int ox = 0; ox < width; ox++) {
                double sx0 = x0 + ox * step;
                double sx1 = sx0 + step;
                out[oy * width + ox] = (byte) Math.round(areaMean(px, src.width(), src.height(), sx0, sy0, sx1, sy1));
            }
        }
        return new GrayImage(width, height, out);
    }

    private static double areaMean(byte[] px, int w, int h, double x0, double y0, double x1, double y1) {
        double sum = 0;
        double weight = 0;
        int yEnd = Math.min(h - 1, (int) Math.ceil(y1) - 1);
        int xEnd = Math.min(w - 1, (int) Math.ceil(x1) - 1);
        for (int y = Math.max(0, (int) Math.floor(y0)); y <= yEnd; y++) {
            double wy = Math.min(y + 1, y1) - Math.max(y, y0);
            if (wy <= 0) {
                continue;
            }
            for (int x = Math.max(0, (int) Math.floor(x0)); x <= xEnd; x++) {
                double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                if (wx <= 0) {
                    continue;
                }
                sum += wx * wy * (px[y * w + x] & 0xFF);
                weight += wx * wy;
            }
        }
        return weight == 0 ? 0 : sum / weight;
    }
}
