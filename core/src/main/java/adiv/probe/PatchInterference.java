package adiv.probe;

import adiv.maps.AbstractConv;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.convolutional.Conv2d;

/**
 * What one plain SGD step does to a convolution's output, split by where it comes from (MATH.md
 * §5). With z_sp = a_sp W P_sp + c_sp b (see {@link AbstractConv#weightScale}) and the upstream
 * gradient g, the step moves every output by Δz_sp = −η Σ_{t,q} K_{(s,p),(t,q)} g_tq with
 * K = a_sp a_tq P_sp·P_tq + c_sp c_tq, and the sum splits into
 *
 * <ul>
 *   <li>{@code self}: the position's own term −η K_{sp,sp} g_sp = −η (a² ‖P‖² + c²) g_sp;
 *   <li>{@code within}: every position of the same sample, −η Σ_q K_{sp,sq} g_sq, so within − self
 *       is the cross-patch interference a loss over one sample cannot average away;
 *   <li>{@code total}: every sample, so total − within is the cross-sample interference of §4.
 * </ul>
 *
 * <p>K itself (one row per (sample, position) pair) is never formed, nor are the unfolded patches:
 * each sample's own weight gradient Σ_q a g_sq P_sqᵀ is a grouped convolution of its input with its
 * gradient (one group per sample, stride and dilation swapped), and applying it is a grouped
 * convolution again.
 */
public final class PatchInterference {

    /** The three cumulative terms, each shaped like the layer's output (B, F, H', W'). */
    public record Terms(NDArray self, NDArray within, NDArray total) {}

    private PatchInterference() {}

    /**
     * The terms for input x (B, C, H, W) and upstream gradient g (B, F, H', W'), both float64.
     *
     * @param eta the step size η
     */
    public static Terms of(AbstractConv conv, NDArray x, NDArray g, double eta) {
        long batch = x.getShape().get(0);
        long channels = x.getShape().get(1);
        long filters = g.getShape().get(1);
        long kh = conv.kernelShape().get(0);
        long kw = conv.kernelShape().get(1);
        NDArray a = conv.weightScale(x);
        NDArray c = conv.biasScale(x);
        NDArray self = a.square().mul(conv.patchSquaredNorms(x)).add(c.square()).mul(g).mul(-eta);

        // Each sample's weight step, (B, F, C, kh, kw): its gradient correlated with its own input.
        // The batch becomes the channel axis (one group per sample) and the channels the batch axis;
        // stride and dilation trade places because the gradient now plays the kernel.
        NDArray perSampleGrad = Conv2d.conv2d(
                        x.transpose(1, 0, 2, 3),
                        g.mul(a).reshape(batch * filters, 1, g.getShape().get(2), g.getShape().get(3)),
                        null, conv.dilation(), conv.padding(), conv.stride(), (int) batch)
                .singletonOrThrow()
                .get(":, :, :{}, :{}", kh, kw) // a stride that does not divide the input leaves extra rows
                .reshape(channels, batch, filters, kh, kw)
                .transpose(1, 2, 0, 3, 4);
        NDArray dW = perSampleGrad.mul(-eta);
        NDArray db = g.mul(c).sum(new int[] {2, 3}).mul(-eta); // (B, F)

        NDArray withinW = Conv2d.conv2d(
                        x.reshape(1, batch * channels, x.getShape().get(2), x.getShape().get(3)),
                        dW.reshape(batch * filters, channels, kh, kw),
                        null, conv.stride(), conv.padding(), conv.dilation(), (int) batch)
                .singletonOrThrow()
                .reshape(g.getShape());
        NDArray within = withinW.mul(a).add(db.reshape(batch, filters, 1, 1).mul(c));

        NDArray totalW = Conv2d.conv2d(x, dW.sum(new int[] {0}), null, conv.stride(), conv.padding(), conv.dilation())
                .singletonOrThrow();
        NDArray total = totalW.mul(a).add(db.sum(new int[] {0}).reshape(1, filters, 1, 1).mul(c));
        return new Terms(self, within, total);
    }
}
