package adiv.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named way of building every affine layer, as the paper's figures and tables list them: the
 * settings it fixes (map, norm, and a factor on the learning rate). The built-in methods are the
 * plain map ("affine"), each normaliser before a plain affine map ("batchnorm", "layernorm",
 * "rmsnorm", "l2", "dyt", "dyisru"), each correction on its own ("affine-like", "norm-like",
 * "structural", "gradient-only-proportional", "gradient-only-disproportional"), and "l2-half" and
 * "norm-like-half": the norm-like forms at half the learning rate, since their step is doubled
 * (MATH.md §2). For CNNs ({@code model: cnn}) "affine" is the plain convolution, the normalisers
 * batchnorm, layernorm and rmsnorm follow it, and "patchnorm-affine-like", "patchnorm-norm-like" and
 * "patchnorm-norm-like-half" replace it (MATH.md §5). A spec may define more under {@code methods:}.
 */
public final class Method {

    private Method() {}

    /** The built-in methods: name → the settings each fixes. */
    public static Map<String, Map<String, Object>> builtIn() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        m.put("affine", settings("affine", "none", 1.0));
        for (String norm : new String[] {"batchnorm", "layernorm", "rmsnorm", "l2", "dyt", "dyisru"}) {
            m.put(norm, settings("affine", norm, 1.0));
        }
        m.put("l2-half", settings("affine", "l2", 0.5));
        for (String map : new String[] {"affine-like", "norm-like", "structural",
                "gradient-only-proportional", "gradient-only-disproportional"}) {
            m.put(map, settings(map, "none", 1.0));
        }
        m.put("norm-like-half", settings("norm-like", "none", 0.5));
        // PatchNorm replaces the convolution of a CNN (model: cnn), MATH.md §5.
        m.put("patchnorm-affine-like", settings("patchnorm-affine-like", "none", 1.0));
        m.put("patchnorm-norm-like", settings("patchnorm-norm-like", "none", 1.0));
        m.put("patchnorm-norm-like-half", settings("patchnorm-norm-like", "none", 0.5));
        return m;
    }

    static Map<String, Object> settings(String map, String norm, double lrScale) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("map", map);
        s.put("norm", norm);
        s.put("lr_scale", lrScale);
        return s;
    }
}
