package adiv;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Frees every unreachable Java direct buffer and fills the freed memory with a marker, so that an
 * array still reading such memory shows it.
 *
 * <p>A tensor that DJL made from a Java buffer ({@code torch::from_blob}) does not own its memory.
 * If autograd keeps such a tensor after its buffer was dropped (DJL's {@code x.mul(2)} does: see
 * {@link adiv.maps.Scalars}), the backward pass reads whatever the memory holds by then. In a real
 * training that is a rare, timing-dependent wrong gradient; called between a forward and a backward
 * pass, this makes it happen every time.
 */
public final class FreedMemory {

    private static final Cleaner CLEANER = Cleaner.create();

    private FreedMemory() {}

    /**
     * Overwrites freed memory, then runs the backward pass from target, the marker buffers kept
     * alive until it is done.
     */
    public static void thenBackward(GradientCollector collector, NDArray target) {
        List<ByteBuffer> markers = overwrite();
        collector.backward(target);
        Reference.reachabilityFence(markers);
    }

    /**
     * Runs the collector until references found unreachable have been processed (direct buffers
     * freed), then allocates small direct buffers filled with 0x41 bytes over the freed memory.
     */
    private static List<ByteBuffer> overwrite() {
        AtomicBoolean cleaned = new AtomicBoolean();
        CLEANER.register(new Object(), () -> cleaned.set(true));
        for (int i = 0; i < 50 && !cleaned.get(); i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<ByteBuffer> markers = new ArrayList<>();
        for (int size : new int[] {1, 2, 4, 8, 16}) {
            for (int i = 0; i < 64; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                while (b.hasRemaining()) {
                    b.put((byte) 0x41);
                }
                markers.add(b);
            }
        }
        return markers;
    }
}
