using System.CommandLine;
using System.Globalization;
using CvmBench.Cuda;
using CvmBench.Platform;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench probe</c>: what this machine is, each fact with where it came from. Plain lines,
/// never wrapped, so the output greps and diffs.</summary>
internal static class ProbeCommand
{
    private const int LabelWidth = 22;

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("probe", "Describe this machine: CPU, hypervisor, TEE, swiotlb, IOMMU, NUMA, huge pages, kernel, GPUs.") { json };
        command.SetAction(parse =>
        {
            var profile = MachineProbe.Read(new LiveMachine());
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(profile.ToJson());
            }
            else
            {
                Render(profile);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(MachineProfile machine)
    {
        Section("CPU");
        Row("vendor", machine.Cpu.Vendor);
        Row("model name", machine.Cpu.ModelName);
        Row("family", machine.Cpu.Family);
        Row("model", machine.Cpu.Model);
        Row("logical CPUs", machine.Cpu.LogicalCpus);
        Row("flags", machine.Cpu.Flags, flags => string.Join(' ', flags));

        var hypervisor = machine.Hypervisor;
        Section("Hypervisor");
        Row("name", hypervisor.Name);
        Row("VMM", hypervisor.Vmm);
        Row("cpuinfo flag", hypervisor.CpuFlag, present => present ? "hypervisor" : "absent");
        Row("kernel detected", hypervisor.KernelLine);
        Row("/sys/hypervisor/type", hypervisor.SysfsType);
        Row("DMI vendor", hypervisor.DmiVendor);
        Row("DMI product", hypervisor.DmiProduct);
        Row("kernel DMI line", hypervisor.KernelDmi);

        var tee = machine.Tee;
        Section("TEE guest");
        Row("verdict", tee.Guest, guest => guest.Kind);
        if (tee.Guest.IsKnown)
        {
            Lines("evidence", tee.Guest.Value!.Evidence);
            Lines("unconfirmed", tee.Guest.Value.Unconfirmed);
        }
        Row("/dev/tdx_guest", tee.TdxGuestDevice, Presence);
        Row("/dev/sev-guest", tee.SevGuestDevice, Presence);
        Row("cpuinfo TEE flags", tee.CpuFlags, List);
        Row("tdx kernel line", tee.TdxKernelLine);
        Row("memory encryption", tee.MemoryEncryption);
        Row("SEV status", tee.SevStatus);

        var swiotlb = machine.Swiotlb;
        Section("swiotlb");
        Row("mapped at boot", swiotlb.MappedBytes, Bytes);
        Row("slabs", swiotlb.Slabs, slabs => $"{slabs} ({Bytes(slabs * SwiotlbProfile.SlabBytes)})");
        Row("slabs in use", swiotlb.UsedSlabs, slabs => $"{slabs} ({Bytes(slabs * SwiotlbProfile.SlabBytes)})");
        Row("command line", swiotlb.CommandLine, List);

        var iommu = machine.Iommu;
        Section("IOMMU");
        Row("units", iommu.Units, List);
        Row("command line", iommu.CommandLine, List);
        Row("default domain", iommu.DefaultDomain);
        Row("kernel lines", iommu.KernelLines, lines => lines.Count == 0 ? "none" : string.Join(" | ", lines));

        Section("NUMA");
        Row("nodes", machine.Numa, nodes => $"{nodes.Count}");
        if (machine.Numa.IsKnown)
        {
            foreach (var node in machine.Numa.Value!)
            {
                Row($"node {node.Node} CPUs", node.Cpus);
                Row($"node {node.Node} memory", node.MemTotalBytes, Bytes);
            }
        }

        var hugePages = machine.HugePages;
        Section("Huge pages");
        Row("THP enabled", hugePages.TransparentEnabled);
        Row("THP defrag", hugePages.TransparentDefrag);
        Row("default huge page", hugePages.DefaultPageBytes, Bytes);
        Row("hugetlb pools", hugePages.Pools, pools => $"{pools.Count}");
        if (hugePages.Pools.IsKnown)
        {
            foreach (var pool in hugePages.Pools.Value!)
            {
                Row($"{Bytes(pool.PageBytes)} pages", pool.Total, total => $"{total} reserved");
                Row($"{Bytes(pool.PageBytes)} free", pool.Free);
            }
        }

        var kernel = machine.Kernel;
        Section("Kernel");
        Row("host name", kernel.HostName);
        Row("release", kernel.Release);
        Row("command line", kernel.CommandLine);
        Row("log", kernel.LogLines, lines => $"{lines} messages");

        Section("GPUs");
        Row("GPUs", machine.Gpus, gpus => gpus.Count == 0 ? "none visible" : $"{gpus.Count}");
        if (machine.Gpus.IsKnown)
        {
            foreach (var gpu in machine.Gpus.Value!)
            {
                RenderGpu(gpu, machine.Gpus.Source);
            }
        }

        Section("Environment");
        Row("class", machine.Class, c => EnvironmentClassNames.ToText(c!.Value));
        Console.Out.WriteLine($"  {Label("summary")} {machine.Summary()}");
    }

    private static void RenderGpu(GpuInfo gpu, string source)
    {
        var cuda = gpu.Cuda;
        Row($"GPU {cuda.Ordinal}", Fact<string>.Known(
            $"{cuda.Name}, {cuda.PciBusId}, {Bytes(cuda.TotalMemoryBytes)}, compute {cuda.ComputeCapability}, {cuda.AsyncEngineCount} copy engines", source));
        Row("  driver", gpu.DriverVersion);
        Row("  PCIe now", gpu.CurrentLink);
        Row("  PCIe max", gpu.MaxLink, link => $"{link} ({link.TheoreticalBytesPerSecond / 1e9:F1} GB/s per direction)");
        Row("  NUMA node", gpu.NumaNode);
        Row("  CPU affinity", gpu.CpuAffinity);
        Row("  CC mode", gpu.ConfidentialComputing, cc =>
            $"{(cc.Enabled ? "on" : "off")} (environment {cc.Environment}, CPU TEE {cc.CpuCapability})");
    }

    private static void Section(string title) => Console.Out.WriteLine(title);

    private static void Row<T>(string label, Fact<T> fact, Func<T, string>? format = null)
    {
        string value = fact.IsKnown
            ? format is null ? fact.Value?.ToString() ?? "" : format(fact.Value!)
            : $"unknown ({fact.Unknown})";
        Console.Out.WriteLine($"  {Label(label)} {value}  ({fact.Source})");
    }

    private static void Lines(string label, IReadOnlyList<string> lines)
    {
        foreach (string line in lines)
        {
            Console.Out.WriteLine($"  {Label(label)} {line}");
        }
    }

    private static string Label(string label) => label.PadRight(LabelWidth);

    private static string Presence(bool exists) => exists ? "exists" : "absent";

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(' ', items);

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.#} KiB"),
        _ => $"{bytes} B",
    };
}
