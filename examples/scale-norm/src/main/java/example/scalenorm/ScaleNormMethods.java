package example.scalenorm;

import adiv.maps.Method;
import adiv.maps.MethodProvider;
import adiv.maps.Normaliser;
import java.util.List;

/** Registers ScaleNorm and one-plus-norm with adiv (listed in META-INF/services/adiv.maps.MethodProvider). */
public final class ScaleNormMethods implements MethodProvider {

    @Override
    public List<Normaliser> normalisers() {
        // Built per layer for the width it normalises, so that g can start at sqrt(d).
        return List.of(Normaliser.builder("scalenorm")
                .describe("ScaleNorm (Nguyen and Salazar 2019): y = g x/|x|, one learnable g starting at sqrt(d)")
                .dense(ScaleNorm::new)
                .build());
    }

    @Override
    public List<Method> methods() {
        return List.of(
                // A normaliser is used through a method: here before adiv's plain affine map, as a spec's
                // methods: {map: affine, norm: scalenorm} would compose it.
                Method.builder("scalenorm").map("affine").norm("scalenorm")
                        .describe("ScaleNorm before the plain affine map")
                        .build(),
                Method.builder("one-plus-norm")
                        .describe("z = (W x + b)/(1+|x|): K_ss = (|x|^2+1)/(1+|x|)^2, within [1/2, 1]")
                        .dense((inputs, outputs, init) -> OnePlusNorm.builder().setUnits(outputs).optInit(init).build())
                        .build());
    }
}
