package adiv.engine;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * TorchScript functions shipped in adiv's jar (written by {@code scripts/make-torchscript.py}), for
 * what DJL's Java API does not reach: bfloat16 products, libtorch's fused Adam, index_select. A
 * caller keeps one {@link Function} per resource (a static constant); its module is loaded on first
 * use and kept, with its model (which releases the module when it is collected), for the life of the
 * process; threads share it (a TorchScript module's forward keeps no state between calls).
 */
public final class TorchScript {

    private TorchScript() {}

    /** The function in the class path resource {@code name}, relative to {@code owner}'s package. */
    public static Function function(Class<?> owner, String name) {
        return new Function(owner, name);
    }

    /** One TorchScript resource, loaded once, on first use. */
    public static final class Function {

        private final Class<?> owner;
        private final String name;
        private volatile Model model;

        private Function(Class<?> owner, String name) {
            this.owner = owner;
            this.name = name;
        }

        /**
         * The module.
         *
         * @throws IllegalStateException if the resource is missing or libtorch cannot load it
         */
        public PtSymbolBlock module() {
            Model m = model;
            if (m == null) {
                synchronized (this) {
                    m = model;
                    if (m == null) {
                        m = load(owner, name);
                        model = m;
                    }
                }
            }
            return (PtSymbolBlock) m.getBlock();
        }

        /**
         * The function of these arrays, run in training mode (so that autograd records it: DJL's
         * other way of calling a module runs it in inference mode, whose arrays autograd refuses to
         * save for the backward pass), its one result kept by {@code scope}.
         */
        public NDArray apply(NDManager scope, NDArray... inputs) {
            NDArray out = module().forward(new ParameterStore(scope, false), new NDList(inputs), true).singletonOrThrow();
            out.attach(scope);
            return out;
        }
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
