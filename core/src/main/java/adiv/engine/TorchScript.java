package adiv.engine;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.pytorch.engine.PtSymbolBlock;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * TorchScript functions shipped in adiv's jar (written by {@code scripts/make-torchscript.py}), for
 * what DJL's Java API does not reach: bfloat16 products and libtorch's fused Adam. Each thread loads
 * its own copy of a module on first use and keeps it (and its model, which would otherwise release
 * the module when collected) for as long as the thread lives: a module keeps a training flag, so
 * threads do not share one.
 */
public final class TorchScript {

    private static final ThreadLocal<Map<String, Model>> MODELS = ThreadLocal.withInitial(HashMap::new);

    private TorchScript() {}

    /**
     * The module in the class path resource {@code name}, relative to {@code owner}'s package.
     *
     * @throws IllegalStateException if the resource is missing or libtorch cannot load it
     */
    public static PtSymbolBlock module(Class<?> owner, String name) {
        String key = owner.getName() + "/" + name;
        return (PtSymbolBlock) MODELS.get().computeIfAbsent(key, k -> load(owner, name)).getBlock();
    }

    private static Model load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the TorchScript module " + name + " is missing from adiv's jar");
            }
            Model model = Model.newInstance("adiv-" + name, "PyTorch");
            model.load(in);
            return model;
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot load the TorchScript module " + name + ": " + e.getMessage(), e);
        }
    }
}
