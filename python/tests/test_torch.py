"""PyTorch tensors: CPU tensors as the host side everywhere; CUDA tensors, dtype and device checks and to_cuda on a
GPU run."""
import unittest

import cvmbench

from .support import CUDA_TENSORS, NO_CUDA_TENSORS, NO_NUMPY, NO_TORCH, device_buffer, device_bytes, numpy, open_pipeline, torch


@unittest.skipIf(torch is None, NO_TORCH)
class CpuTensors(unittest.TestCase):
    def setUp(self):
        self.pipeline = open_pipeline()
        self.addCleanup(self.pipeline.close)
        self.generator = torch.Generator().manual_seed(19)

    def test_cpu_tensors_round_trip(self):
        for dtype in (torch.float32, torch.bfloat16, torch.int64, torch.uint8):
            with self.subTest(dtype=dtype):
                tensor = (torch.rand(333, 77, generator=self.generator) * 100).to(dtype)
                nbytes = tensor.numel() * tensor.element_size()
                memory = device_buffer(self.pipeline, nbytes)
                self.pipeline.copy_to_device(memory, tensor)
                back = torch.zeros_like(tensor)
                self.pipeline.copy_to_host(back, memory)
                self.assertTrue(torch.equal(tensor, back))

    def test_a_non_contiguous_tensor_is_a_value_error(self):
        tensor = torch.zeros(64, 64)
        memory = self.pipeline.allocate(64 * 64 * 4)
        with self.assertRaisesRegex(ValueError, "contiguous"):
            self.pipeline.copy_to_device(memory, tensor.t())

    def test_a_tensor_of_the_wrong_size_is_a_value_error(self):
        memory = self.pipeline.allocate(100)
        with self.assertRaises(ValueError):
            self.pipeline.copy_to_host(torch.zeros(26), memory)

    def test_to_cuda_needs_a_gpu_pipeline(self):
        if self.pipeline.simulated:
            with self.assertRaisesRegex(ValueError, "simulated"):
                self.pipeline.to_cuda(torch.zeros(4))


@unittest.skipUnless(CUDA_TENSORS, NO_CUDA_TENSORS)
class CudaTensors(unittest.TestCase):
    def setUp(self):
        self.pipeline = open_pipeline()
        self.addCleanup(self.pipeline.close)
        self.generator = torch.Generator().manual_seed(19)
        self.cuda = f"cuda:{self.pipeline.device}"

    def test_to_cuda_gives_the_same_values_on_the_gpu(self):
        tensor = torch.randn(1 << 20, 3, generator=self.generator)
        on_gpu = cvmbench.to_cuda(tensor, device=self.pipeline.device)
        self.assertEqual(torch.device(self.cuda), on_gpu.device)
        self.assertEqual(tensor.dtype, on_gpu.dtype)
        self.assertTrue(torch.equal(tensor, on_gpu.cpu()))

    def test_a_state_dict_moves_in_one_transfer_with_every_value_intact(self):
        state = {f"layer{i}.weight": torch.randn(int(torch.randint(1, 300_000, (1,), generator=self.generator)),
                                                 generator=self.generator).to(torch.float16 if i % 2 else torch.float32)
                 for i in range(30)}
        state["strided"] = torch.randn(300, 200, generator=self.generator).t()
        on_gpu = self.pipeline.to_cuda(state)
        self.assertEqual(sum(t.numel() * t.element_size() for t in state.values()), self.pipeline.timeline.bytes)
        for name, tensor in state.items():
            self.assertTrue(torch.equal(tensor, on_gpu[name].cpu()), name)

    def test_cuda_tensors_come_back_with_their_values(self):
        source = torch.randn(5_000_003, device=self.cuda)
        back = torch.empty(5_000_003)
        self.pipeline.copy_to_host(back, source)
        self.assertTrue(torch.equal(source.cpu(), back))

    def test_queued_pytorch_work_finishes_before_a_copy_reads_its_result(self):
        source = torch.ones(1 << 24, device=self.cuda)
        for _ in range(20):
            source.mul_(2)
        back = torch.empty(1 << 24)
        self.pipeline.copy_to_host(back, source)
        self.assertTrue(torch.all(back == 2.0 ** 20))

    def test_a_dtype_mismatch_is_a_type_error(self):
        with self.assertRaises(TypeError):
            self.pipeline.copy_to_device(torch.empty(10, dtype=torch.int32, device=self.cuda), torch.zeros(10))

    def test_a_cpu_tensor_where_a_cuda_tensor_belongs_is_a_value_error(self):
        with self.assertRaisesRegex(ValueError, "CUDA tensor"):
            self.pipeline.copy_to_device(torch.empty(10), torch.zeros(10))

    def test_a_non_contiguous_cuda_tensor_is_a_value_error(self):
        with self.assertRaisesRegex(ValueError, "contiguous"):
            self.pipeline.copy_to_device(torch.empty(10, 10, device=self.cuda).t(), torch.zeros(10, 10))

    def test_a_tensor_of_another_gpu_is_a_value_error(self):
        if torch.cuda.device_count() < 2:
            self.skipTest("one GPU")
        other = (self.pipeline.device + 1) % torch.cuda.device_count()
        with self.assertRaisesRegex(ValueError, "runs on"):
            self.pipeline.copy_to_device(torch.empty(10, device=f"cuda:{other}"), torch.zeros(10))

    def test_device_memory_of_the_pipeline_works_beside_tensors(self):
        memory = self.pipeline.allocate(1000)
        tensor = torch.arange(250, dtype=torch.int32, device=self.cuda)
        host = torch.empty(250, dtype=torch.int32)
        self.pipeline.copy_to_host(host, tensor)
        self.pipeline.copy_to_device(memory, host)
        self.assertEqual(host.numpy().tobytes(), device_bytes(memory))

    @unittest.skipIf(numpy is None, NO_NUMPY)
    def test_numpy_arrays_go_to_cuda_tensors_of_their_dtype(self):
        array = numpy.arange(12345, dtype=numpy.float64)
        tensor = torch.empty(12345, dtype=torch.float64, device=self.cuda)
        self.pipeline.copy_to_device(tensor, array)
        self.assertTrue(numpy.array_equal(array, tensor.cpu().numpy()))
        with self.assertRaises(TypeError):
            self.pipeline.copy_to_device(torch.empty(12345 * 2, dtype=torch.float32, device=self.cuda), array)

    def test_the_callers_current_context_is_current_again_after_a_copy(self):
        import ctypes
        libcuda = ctypes.CDLL("libcuda.so.1")
        memory = device_buffer(self.pipeline, 1 << 20)
        saved, after = ctypes.c_void_p(), ctypes.c_void_p()
        libcuda.cuCtxGetCurrent(ctypes.byref(saved))
        # No context current: the copy binds the primary context for itself and leaves none current again.
        libcuda.cuCtxSetCurrent(None)
        try:
            self.pipeline.copy_to_device(memory, bytes(1 << 20))
            libcuda.cuCtxGetCurrent(ctypes.byref(after))
        finally:
            libcuda.cuCtxSetCurrent(saved)
        self.assertIsNone(after.value)

if __name__ == "__main__":
    unittest.main()
