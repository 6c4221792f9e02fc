"""The pipeline on bytes-like objects: round trips of many sizes, many pieces, threads, the timeline, and every bad
argument raising the documented exception."""
import threading
import unittest

import cvmbench

from .support import ON_GPU, device_buffer, device_bytes, open_pipeline, random_bytes, seeded

SIZES = [1, 7, 4095, 4096, 4097, 256 << 10, (256 << 10) + 1, 3 << 20, (5 << 20) + 13]


class RoundTrips(unittest.TestCase):
    def setUp(self):
        self.pipeline = open_pipeline()
        self.addCleanup(self.pipeline.close)
        self.rng = seeded(self)

    def test_bytes_arrive_on_the_device_and_come_back_for_every_size(self):
        for size in SIZES + [self.rng.randrange(1, 9 << 20) for _ in range(3)]:
            with self.subTest(size=size):
                data = random_bytes(self.rng, size)
                memory = device_buffer(self.pipeline, size)
                self.pipeline.copy_to_device(memory, data)
                self.assertEqual(data, device_bytes(memory))
                back = bytearray(size)
                self.pipeline.copy_to_host(back, memory)
                self.assertEqual(data, bytes(back))

    def test_unaligned_memoryview_slices_are_copied_exactly(self):
        data = bytearray(random_bytes(self.rng, 1 << 20))
        memory = device_buffer(self.pipeline, 600_001)
        self.pipeline.copy_to_device(memory, memoryview(data)[3:600_004])
        back = bytearray(1 << 20)
        self.pipeline.copy_to_host(memoryview(back)[5:600_006], memory)
        self.assertEqual(data[3:600_004], back[5:600_006])
        self.assertEqual(bytes(5), bytes(back[:5]))

    def test_an_empty_copy_moves_nothing(self):
        memory = device_buffer(self.pipeline, 0)
        self.pipeline.copy_to_device(memory, b"")
        self.pipeline.copy_to_host(bytearray(), memory)
        self.assertIsNone(self.pipeline.timeline)

    def test_many_pieces_land_at_their_own_offsets_in_one_transfer(self):
        sizes = [self.rng.randrange(0, 300_000) for _ in range(40)]
        total = sum(sizes)
        sources = [random_bytes(self.rng, size) for size in sizes]
        memory = self.pipeline.allocate(total + 1)
        offsets = [sum(sizes[:i]) for i in range(len(sizes))]
        order = list(range(len(sizes)))
        self.rng.shuffle(order)
        self.pipeline.copy_pieces_to_device([(memory.slice(offsets[i], sizes[i]), sources[i]) for i in order])
        self.assertEqual(b"".join(sources), memory.read()[:total])
        self.assertEqual(total, self.pipeline.timeline.bytes)
        backs = [bytearray(size) for size in sizes]
        self.pipeline.copy_pieces_to_host([(backs[i], memory.slice(offsets[i], sizes[i])) for i in order])
        self.assertEqual(sources, [bytes(back) for back in backs])

    def test_pieces_may_lie_in_separate_allocations(self):
        sources = [random_bytes(self.rng, self.rng.randrange(1, 700_000)) for _ in range(12)]
        targets = [device_buffer(self.pipeline, len(source)) for source in sources]
        self.pipeline.copy_pieces_to_device(list(zip(targets, sources)))
        self.assertEqual(sources, [device_bytes(target) for target in targets])

    def test_overlapping_destinations_are_refused_and_nothing_is_copied(self):
        memory = self.pipeline.allocate(1000)
        memory.write(bytes(1000))
        with self.assertRaisesRegex(ValueError, "overlap"):
            self.pipeline.copy_pieces_to_device([(memory.slice(0, 600), b"a" * 600), (memory.slice(500, 500), b"b" * 500)])
        self.assertEqual(bytes(1000), memory.read())

    def test_threads_sharing_a_pipeline_each_get_their_own_bytes(self):
        failures = []

        def work(seed):
            try:
                rng = seeded(self)
                rng.seed(seed)
                for _ in range(4):
                    data = random_bytes(rng, rng.randrange(1, 2 << 20))
                    memory = self.pipeline.allocate(len(data))
                    self.pipeline.copy_to_device(memory, data)
                    back = bytearray(len(data))
                    self.pipeline.copy_to_host(back, memory)
                    memory.free()
                    if bytes(back) != data:
                        failures.append(f"thread {seed}: bytes differ")
            except Exception as e:  # reported below, with the thread's seed
                failures.append(f"thread {seed}: {e!r}")

        threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], failures)

    def test_the_timeline_describes_the_last_transfer(self):
        self.assertIsNone(self.pipeline.timeline)
        memory = self.pipeline.allocate(3 << 20)
        self.pipeline.copy_to_device(memory, bytes(3 << 20))
        timeline = self.pipeline.timeline
        self.assertEqual(3 << 20, timeline.bytes)
        self.assertGreaterEqual(timeline.dmas, 1)
        self.assertGreater(timeline.total, 0)
        self.assertLessEqual(timeline.first_dma_queued, timeline.total)


class SealedRoundTrips(unittest.TestCase):
    def setUp(self):
        try:
            self.pipeline = open_pipeline(sealed=True, segment_bytes=4096)
        except cvmbench.CvmBenchError as e:
            # A build made without nvcc carries no sealed kernels (kernels/build.sh makes them).
            if ON_GPU and "kernel resource" in str(e):
                self.skipTest(f"this build has no sealed kernels: {e}")
            raise
        self.addCleanup(self.pipeline.close)
        self.rng = seeded(self)

    def test_a_sealed_pipeline_says_so(self):
        self.assertTrue(self.pipeline.info.sealed)
        self.assertEqual(4096, self.pipeline.info.segment_bytes)

    def test_bytes_arrive_intact_through_a_sealed_pipeline(self):
        for size in [1, 4097, (1 << 20) + 3, self.rng.randrange(1, 3 << 20)]:
            with self.subTest(size=size):
                data = random_bytes(self.rng, size)
                memory = device_buffer(self.pipeline, size)
                self.pipeline.copy_to_device(memory, data)
                self.assertEqual(data, device_bytes(memory))
                back = bytearray(size)
                self.pipeline.copy_to_host(back, memory)
                self.assertEqual(data, bytes(back))

    def test_pieces_go_through_a_sealed_pipeline_and_overlaps_are_refused(self):
        sources = [random_bytes(self.rng, self.rng.randrange(1, 200_000)) for _ in range(6)]
        targets = [device_buffer(self.pipeline, len(source)) for source in sources]
        self.pipeline.copy_pieces_to_device(list(zip(targets, sources)))
        self.assertEqual(sources, [device_bytes(target) for target in targets])
        memory = self.pipeline.allocate(1000)
        with self.assertRaisesRegex(ValueError, "overlap"):
            self.pipeline.copy_pieces_to_device([(memory.slice(0, 600), bytes(600)), (memory.slice(500, 500), bytes(500))])


class BadArguments(unittest.TestCase):
    def setUp(self):
        self.pipeline = open_pipeline()
        self.addCleanup(self.pipeline.close)
        self.memory = self.pipeline.allocate(100)

    def test_sizes_that_differ_are_a_value_error(self):
        with self.assertRaisesRegex(ValueError, "100 bytes.* 99"):
            self.pipeline.copy_to_device(self.memory, bytes(99))
        with self.assertRaisesRegex(ValueError, "101 bytes"):
            self.pipeline.copy_to_host(bytearray(101), self.memory)

    def test_a_read_only_destination_is_a_value_error(self):
        with self.assertRaisesRegex(ValueError, "read-only"):
            self.pipeline.copy_to_host(bytes(100), self.memory)

    def test_a_non_contiguous_buffer_is_a_value_error(self):
        with self.assertRaisesRegex(ValueError, "contiguous"):
            self.pipeline.copy_to_device(self.memory, memoryview(bytes(200))[::2])

    def test_things_that_are_not_memory_are_a_type_error(self):
        with self.assertRaises(TypeError):
            self.pipeline.copy_to_device(self.memory, 12345)
        with self.assertRaises(TypeError):
            self.pipeline.copy_to_device(bytearray(100), bytes(100))
        with self.assertRaises(TypeError):
            self.pipeline.copy_pieces_to_device([(self.memory,)])

    def test_memory_of_another_pipeline_or_freed_memory_is_a_value_error(self):
        with open_pipeline() as other:
            foreign = other.allocate(100)
            with self.assertRaisesRegex(ValueError, "another pipeline"):
                self.pipeline.copy_to_device(foreign, bytes(100))
        self.memory.free()
        with self.assertRaisesRegex(ValueError, "freed"):
            self.pipeline.copy_to_device(self.memory, bytes(100))

    def test_an_address_the_device_never_allocated_is_refused_by_the_library(self):
        # Past the Python checks on purpose: the library checks every range against the device's allocations.
        made_up = [cvmbench.DeviceMemory(self.pipeline, 16, 100)]
        if not ON_GPU:
            made_up.append(cvmbench.DeviceMemory(self.pipeline, self.memory.address + 64, 100))
        for memory in made_up:
            with self.assertRaisesRegex(ValueError, "not within one allocation"):
                self.pipeline.copy_to_device(memory, bytes(100))
            with self.assertRaisesRegex(ValueError, "not within one allocation"):
                self.pipeline.copy_to_host(bytearray(100), memory)

    def test_a_refused_copy_leaves_the_host_buffer_free_to_resize(self):
        host = bytearray(100)
        with self.assertRaises(TypeError):
            self.pipeline.copy_to_host(host, "not device memory")
        with self.assertRaises(ValueError):
            self.pipeline.copy_pieces_to_host([(host, self.memory), (bytearray(5), self.memory)])
        host.extend(b"more")
        self.assertEqual(104, len(host))

    def test_a_slice_outside_its_memory_is_a_value_error(self):
        with self.assertRaises(ValueError):
            self.memory.slice(50, 51)

    def test_a_closed_pipeline_is_a_value_error_and_closing_twice_is_fine(self):
        self.pipeline.close()
        self.pipeline.close()
        self.assertTrue(self.pipeline.closed)
        with self.assertRaisesRegex(ValueError, "closed"):
            self.pipeline.copy_to_device(self.memory, bytes(100))
        with self.assertRaisesRegex(ValueError, "closed"):
            self.pipeline.allocate(10)
        with self.assertRaisesRegex(ValueError, "closed"):
            _ = self.pipeline.timeline

    def test_the_context_manager_closes_the_pipeline(self):
        with open_pipeline() as pipeline:
            self.assertFalse(pipeline.closed)
        self.assertTrue(pipeline.closed)

    def test_bad_options_are_refused_before_anything_opens(self):
        with self.assertRaises(ValueError):
            cvmbench.StagingPipeline(cvmbench.SIMULATED, threads=0)
        with self.assertRaises(ValueError):
            cvmbench.StagingPipeline(cvmbench.SIMULATED, threads=257)
        with self.assertRaises(TypeError):
            cvmbench.StagingPipeline(cvmbench.SIMULATED, threads="4")
        with self.assertRaises(TypeError):
            cvmbench.StagingPipeline("gpu")
        with self.assertRaises(ValueError):
            cvmbench.StagingPipeline(-3)

    def test_a_device_that_does_not_exist_is_a_value_error_or_no_driver(self):
        try:
            cvmbench.StagingPipeline(99)
        except ValueError as e:
            self.assertIn("no GPU 99", str(e))
        except cvmbench.CvmBenchError as e:
            # Only where the machine has no driver at all: then it says so.
            self.assertFalse(ON_GPU)
            self.assertEqual("no driver", e.status)
            self.assertIn("no NVIDIA driver", str(e))
        else:
            self.fail("a pipeline opened on GPU 99")

    def test_a_segment_size_that_cannot_cut_the_chunks_is_a_value_error(self):
        with self.assertRaisesRegex(ValueError, "segment size"):
            open_pipeline(sealed=True, segment_bytes=100)

    def test_a_segment_size_without_sealing_is_a_value_error(self):
        with self.assertRaisesRegex(ValueError, "sealed"):
            open_pipeline(segment_bytes=4096)


if __name__ == "__main__":
    unittest.main()
