/**
 * The paper's maps as DJL blocks (MATH.md §1–3, §8).
 *
 * <p>Affine-type maps ({@link adiv.maps.AffineMap}): {@link adiv.maps.Affine} (the plain reference),
 * {@link adiv.maps.AffineLike}, {@link adiv.maps.NormLike}, {@link adiv.maps.Structural} and
 * {@link adiv.maps.GradientOnlyAffine}. Each knows its one-step kernel K of MATH.md §4, which the
 * theory check and the probe compare with measured updates.
 *
 * <p>Normalisers ({@link adiv.maps.AbstractNormaliser}): {@link adiv.maps.BatchNorm},
 * {@link adiv.maps.LayerNorm}, {@link adiv.maps.RmsNorm}, {@link adiv.maps.L2Norm},
 * {@link adiv.maps.DyT}, {@link adiv.maps.DyIsru}. Activations: {@link adiv.maps.Activations} and
 * {@link adiv.maps.IsotropicTanh}. Initialisation: {@link adiv.maps.Init}.
 *
 * <p>What they share is written once: {@link adiv.maps.MapBlock} (one array in, one out, and a
 * toString that shows the configuration, e.g. {@code NormLike(in=784, out=128, eps=1e-6)}), {@link
 * adiv.maps.WeightedBlock} (W, b and their {@link adiv.maps.Init}, for the affine-type maps and the
 * convolutions), {@link adiv.maps.SmoothedNormMap} and {@link adiv.maps.EpsilonNormaliser} (a
 * block's ε); on the builder side {@link adiv.maps.BlockBuilder} and {@link
 * adiv.maps.EpsilonOption}, the ε option of all three builder families.
 *
 * <p>Every block is plain NDArray arithmetic, so it runs on whatever device its input lives on and
 * its gradients come from the engine's autograd.
 */
package adiv.maps;
