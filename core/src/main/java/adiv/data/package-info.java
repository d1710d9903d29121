/**
 * Data: CIFAR-10 (official binary layout) and (Fashion-)MNIST (IDX files, gzipped or not), loaded
 * whole into memory as one float tensor per split, with the preprocessing the experiments choose.
 *
 * <p>Every problem with a file is a {@link adiv.data.DataException} that names the file and says
 * what was expected and what was found.
 */
package adiv.data;
