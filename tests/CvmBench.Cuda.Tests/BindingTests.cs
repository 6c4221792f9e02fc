using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda.Tests;

public class BindingTests
{
    [Theory]
    [InlineData("CudaApi.cuMemAlloc_v2(out ulong pointer, (nuint)bytes)", "cuMemAlloc_v2")]
    [InlineData("NvmlApi.nvmlInit_v2()", "nvmlInit_v2")]
    [InlineData("cuInit", "cuInit")]
    public void Errors_name_the_entry_point_that_failed(string expression, string expected) =>
        Assert.Equal(expected, Check.EntryPoint(expression));

    [Fact]
    public void Uuid_is_formatted_as_nvml_prints_it()
    {
        byte[] bytes = [0x8a, 0x1d, 0x2f, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0];
        Assert.Equal("GPU-8a1d2f3c-4b5a-6978-8796-a5b4c3d2e1f0", CudaDriver.FormatUuid(bytes));
    }

    [Theory]
    [InlineData(5, 16, 63.015)]
    [InlineData(4, 16, 31.508)]
    [InlineData(3, 8, 7.877)]
    [InlineData(1, 1, 0.25)]
    public void Pcie_theoretical_rate_follows_the_line_code(int generation, int width, double gigabytesPerSecond) =>
        Assert.Equal(gigabytesPerSecond, new PcieLink(generation, width).TheoreticalBytesPerSecond / 1e9, 3);

    [Fact]
    public void Unknown_pcie_generation_has_no_rate() => Assert.Equal(0, new PcieLink(0, 16).TheoreticalBytesPerSecond);

    [Theory]
    [InlineData("0-3,8,10-11", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData("5", new[] { 5 })]
    [InlineData("", new int[0])]
    public void Cpu_lists_round_trip(string text, int[] cpus)
    {
        Assert.Equal(cpus, CpuList.Parse(text));
        Assert.Equal(text, CpuList.Format(cpus));
    }

    [Theory]
    [InlineData("3-1")]
    [InlineData("a")]
    [InlineData("-2")]
    public void Malformed_cpu_lists_are_rejected(string text) => Assert.Throws<FormatException>(() => CpuList.Parse(text));

    [Fact]
    public void Affinity_mask_words_map_to_cpu_numbers()
    {
        ulong[] mask = [0b1011, 1UL << 63];
        Assert.Equal([0, 1, 3, 127], CpuList.FromMask(mask));
    }

    [Fact]
    public void Unknown_facts_say_why()
    {
        var fact = Fact<int>.Missing("/sys/x", "not readable");
        Assert.False(fact.IsKnown);
        Assert.Equal("unknown (not readable)", fact.ToString());
        Assert.Equal("7", Fact<int>.Known(7, "/sys/x").ToString());
    }

    [Fact]
    public void Without_the_driver_loading_it_says_so_in_one_line()
    {
        Assert.SkipWhen(CudaDriver.IsInstalled(), "this machine has the NVIDIA driver");
        var e = Assert.Throws<DriverNotFoundException>(CudaDriver.Load);
        Assert.Equal("no NVIDIA driver found (libcuda.so.1)", e.Message);
    }
}
