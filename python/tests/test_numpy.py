"""NumPy arrays as the host side: values round trip, dtypes and layouts are checked."""
import unittest

from .support import device_buffer, device_bytes, numpy, open_pipeline, NO_NUMPY, seeded


@unittest.skipIf(numpy is None, NO_NUMPY)
class NumpyArrays(unittest.TestCase):
    def setUp(self):
        self.pipeline = open_pipeline()
        self.addCleanup(self.pipeline.close)
        self.rng = numpy.random.default_rng(seeded(self).getrandbits(32))

    def test_arrays_of_several_dtypes_round_trip(self):
        for dtype in ("float32", "float64", "int8", "uint16", "int64", "bool"):
            with self.subTest(dtype=dtype):
                shape = (int(self.rng.integers(1, 300)), int(self.rng.integers(1, 300)))
                array = (self.rng.random(shape) * 100).astype(dtype)
                memory = device_buffer(self.pipeline, array.nbytes)
                self.pipeline.copy_to_device(memory, array)
                self.assertEqual(array.tobytes(), device_bytes(memory))
                back = numpy.zeros_like(array)
                self.pipeline.copy_to_host(back, memory)
                numpy.testing.assert_array_equal(array, back)

    def test_a_non_contiguous_array_is_a_value_error(self):
        array = numpy.zeros((100, 100), dtype=numpy.float32)
        memory = self.pipeline.allocate(array.nbytes)
        with self.assertRaisesRegex(ValueError, "contiguous"):
            self.pipeline.copy_to_device(memory.slice(0, 50 * 100 * 4), array[:, :50])
        with self.assertRaisesRegex(ValueError, "contiguous"):
            self.pipeline.copy_to_host(array.T, memory)

    def test_a_read_only_array_is_a_source_but_not_a_destination(self):
        array = numpy.arange(1000, dtype=numpy.int32)
        array.flags.writeable = False
        memory = self.pipeline.allocate(array.nbytes)
        self.pipeline.copy_to_device(memory, array)
        self.assertEqual(array.tobytes(), memory.read())
        with self.assertRaisesRegex(ValueError, "read-only"):
            self.pipeline.copy_to_host(array, memory)

    def test_an_array_of_the_wrong_size_is_a_value_error(self):
        memory = self.pipeline.allocate(400)
        with self.assertRaises(ValueError):
            self.pipeline.copy_to_device(memory, numpy.zeros(99, dtype=numpy.float32))


if __name__ == "__main__":
    unittest.main()
