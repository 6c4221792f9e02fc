using System.Runtime.InteropServices;

namespace CvmBench.Cuda.Tests;

/// <summary>Real driver calls; skipped where there is no GPU.</summary>
public class DeviceTests
{
    [Fact]
    public void Devices_are_enumerated_with_identity_and_nvml_details()
    {
        var driver = Gpu.Require();
        var gpus = GpuInventory.Read(driver);
        Assert.Equal(driver.DeviceCount, gpus.Count);
        foreach (var g in gpus)
        {
            Assert.StartsWith("GPU-", g.Cuda.Uuid, StringComparison.Ordinal);
            Assert.True(g.Cuda.TotalMemoryBytes > 0);
            Assert.True(g.Cuda.AsyncEngineCount > 0);
            Assert.True(g.CurrentLink.IsKnown, g.CurrentLink.Unknown);
            Assert.True(g.MaxLink.Value!.Width > 0);
            Assert.True(g.DriverVersion.IsKnown, g.DriverVersion.Unknown);
        }
    }

    [Fact]
    public unsafe void Random_256_MiB_survive_a_round_trip_through_device_memory_and_every_handle_is_released()
    {
        const long Bytes = 256L << 20;
        var driver = Gpu.Require();
        using var device = driver.Open(0);
        device.Synchronize();
        long freeBefore = device.MemoryInfo().Free;

        using (var source = device.AllocateHost(Bytes, HostAllocFlags.Portable))
        using (var back = device.AllocateHost(Bytes, HostAllocFlags.None))
        using (var onDevice = device.Allocate(Bytes))
        using (var stream = device.CreateStream())
        using (var start = device.CreateEvent())
        using (var end = device.CreateEvent())
        {
            var random = new Random(1234);
            for (long offset = 0; offset < Bytes; offset += 1 << 20)
            {
                random.NextBytes(source.AsSpan(offset, 1 << 20));
                back.AsSpan(offset, 1 << 20).Fill(0xEE);
            }
            stream.Record(start);
            stream.CopyHostToDevice(onDevice, 0, source.Pointer, Bytes);
            stream.CopyDeviceToHost(back.Pointer, onDevice, 0, Bytes);
            stream.Record(end);
            end.Synchronize();
            Assert.True(end.ElapsedMillisecondsSince(start) > 0);
            for (long offset = 0; offset < Bytes; offset += 1 << 20)
            {
                Assert.True(source.AsSpan(offset, 1 << 20).SequenceEqual(back.AsSpan(offset, 1 << 20)), $"mismatch in the MiB at {offset}");
            }
        }

        device.Synchronize();
        Assert.Equal(freeBefore, device.MemoryInfo().Free);
    }

    [Fact]
    public unsafe void Pageable_memory_can_be_registered_copied_and_unregistered()
    {
        const long Bytes = 64L << 20;
        var driver = Gpu.Require();
        using var device = driver.Open(0);
        nint pageable = (nint)NativeMemory.AlignedAlloc((nuint)Bytes, 4096);
        try
        {
            new Span<byte>((void*)pageable, (int)Bytes).Fill(0x5A);
            using var onDevice = device.Allocate(Bytes);
            using (var registration = device.Register(pageable, Bytes, HostRegisterFlags.None))
            using (var stream = device.CreateStream())
            {
                stream.CopyHostToDevice(onDevice, 0, registration.Pointer, Bytes);
                stream.Synchronize();
            }
            // After unregistering, the memory is plain pageable memory again and still copies correctly.
            var back = new byte[Bytes];
            fixed (byte* p = back)
            {
                device.CopyDeviceToHost((nint)p, onDevice, Bytes);
            }
            Assert.All(back, b => Assert.Equal(0x5A, b));
        }
        finally
        {
            NativeMemory.AlignedFree((void*)pageable);
        }
    }

    [Fact]
    public void A_failing_call_names_the_call_and_the_error()
    {
        var driver = Gpu.Require();
        using var device = driver.Open(0);
        var e = Assert.Throws<CudaException>(() => device.Allocate(long.MaxValue / 2));
        Assert.Equal("cuMemAlloc_v2", e.Call);
        Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", e.ErrorName);
        Assert.Contains("cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY", e.Message, StringComparison.Ordinal);
    }
}
