package adiv.engine;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.pytorch.engine.PtSymbolBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TorchScript functions shipped in adiv's jar (written by {@code scripts/make-torchscript.py}), for
 * what DJL's Java API does not reach: bfloat16 products, libtorch's fused Adam, index_select. A
 * module is loaded on first use and kept, with its model (which releases the module when it is
 * collected), for the life of the process; threads share it (a TorchScript module's forward keeps
 * no state between calls).
 */
public final class TorchScript {

    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

    private TorchScript() {}

    /**
     * The module in the class path resource {@code name}, relative to {@code owner}'s package.
     *
     * @throws IllegalStateException if the resource is missing or libtorch cannot load it
     */
    public static PtSymbolBlock module(Class<?> owner, String name) {
        String key = owner.getName() + "/" + name;
        return (PtSymbolBlock) MODELS.computeIfAbsent(key, k -> load(owner, name)).getBlock();
    }

    private static Model load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the TorchScript module " + name + " is missing from adiv's jar");
            }
            Model model = Model.newInstance("adiv-" + name, "PyTorch");
            model.load(in);
            // Loading from a stream leaves DJL's empty temporary model directory behind until a normal
            // JVM exit (deleteOnExit); workers that are stopped leave it for good: remove it now.
            Files.deleteIfExists(model.getModelPath());
            return model;
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot load the TorchScript module " + name + ": " + e.getMessage(), e);
        }
    }
}
