package example;

import adiv.maps.Method;
import adiv.maps.MethodProvider;
import java.util.List;

/** Registers the power map at p = 1/4 with adiv (listed in META-INF/services/adiv.maps.MethodProvider). */
public final class PowerMethods implements MethodProvider {

    @Override
    public List<Method> methods() {
        return List.of(Method.builder("power-quarter")
                .describe("z = (W x + b)/(|x|^2+1)^(1/4): half the affine divergence's exponent, K_ss = sqrt(|x|^2+1)")
                .dense((inputs, outputs, init) -> PowerAffine.builder().setUnits(outputs).optInit(init).build())
                .build());
    }
}
