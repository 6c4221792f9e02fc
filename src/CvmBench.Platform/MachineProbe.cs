using CvmBench.Cuda;

namespace CvmBench.Platform;

/// <summary>Reads a machine into a <see cref="MachineProfile"/>. Never throws for what the machine lacks
/// or hides: such a field is unknown, with the reason.</summary>
public static class MachineProbe
{
    private const string HugePagesDirectory = "/sys/kernel/mm/hugepages";
    private const string NodesDirectory = "/sys/devices/system/node";

    public static MachineProfile Read(IProbeSource machine)
    {
        var log = new KernelLog(machine.KernelLog());
        var cpu = CpuInfoText.Parse(machine.ReadText("/proc/cpuinfo"));
        var kernel = ReadKernel(machine, log);
        var hypervisor = ReadHypervisor(machine, cpu, log);
        var tee = ReadTee(machine, cpu, log);
        var gpus = machine.Gpus();
        return new MachineProfile(
            cpu,
            hypervisor,
            tee,
            ReadSwiotlb(machine, log, kernel.CommandLine),
            ReadIommu(machine, log, kernel.CommandLine),
            ReadNuma(machine),
            ReadHugePages(machine),
            kernel,
            gpus,
            Classify(gpus, tee.Guest, hypervisor.Name));
    }

    /// <summary>The machine's environment class: a GPU in CC mode decides first (it changes every transfer), then the
    /// TEE, then the hypervisor.</summary>
    internal static Fact<EnvironmentClass?> Classify(Fact<IReadOnlyList<GpuInfo>> gpus, Fact<TeeGuest> tee, Fact<string> hypervisor)
    {
        if (gpus.IsKnown && gpus.Value!.FirstOrDefault(g => g.ConfidentialComputing is { IsKnown: true, Value.Enabled: true }) is { } cc)
        {
            return Fact<EnvironmentClass?>.Known(EnvironmentClass.Cc, cc.ConfidentialComputing.Source);
        }
        EnvironmentClass? byTee = tee.IsKnown ? tee.Value!.Kind switch
        {
            TeeGuest.Tdx => EnvironmentClass.Tdx,
            TeeGuest.SevSnp => EnvironmentClass.Snp,
            TeeGuest.SevEs or TeeGuest.Sev => EnvironmentClass.Sev,
            _ => null,
        } : null;
        if (byTee is not null)
        {
            return Fact<EnvironmentClass?>.Known(byTee, tee.Source);
        }
        if (hypervisor.IsKnown)
        {
            return Fact<EnvironmentClass?>.Known(hypervisor.Value == HypervisorIdentity.None ? EnvironmentClass.BareMetal : EnvironmentClass.Vm, hypervisor.Source);
        }
        return Fact<EnvironmentClass?>.Missing($"{tee.Source}, {hypervisor.Source}", "neither the TEE nor the hypervisor could be told");
    }

    private static KernelProfile ReadKernel(IProbeSource machine, KernelLog log)
    {
        var release = Trimmed(machine.ReadText("/proc/sys/kernel/osrelease"));
        if (!release.IsKnown)
        {
            // /proc/version reads "Linux version 6.8.0-45-generic (builder@host) ...", as the log's first line does.
            release = new KernelLog(machine.ReadText("/proc/version")).LinuxVersion is { IsKnown: true } version ? version : log.LinuxVersion;
        }
        var commandLine = Trimmed(machine.ReadText("/proc/cmdline"));
        if (!commandLine.IsKnown && log.CommandLine.IsKnown)
        {
            commandLine = log.CommandLine;
        }
        return new KernelProfile(Trimmed(machine.ReadText("/proc/sys/kernel/hostname")), release, commandLine, log.Lines);
    }

    private static HypervisorProfile ReadHypervisor(IProbeSource machine, CpuProfile cpu, KernelLog log)
    {
        var flag = cpu.Has("hypervisor");
        var sysfsType = Trimmed(machine.ReadText("/sys/hypervisor/type"));
        var dmiVendor = Trimmed(machine.ReadText("/sys/class/dmi/id/sys_vendor"));
        var dmiProduct = Trimmed(machine.ReadText("/sys/class/dmi/id/product_name"));
        var name = HypervisorIdentity.Name(flag, sysfsType, dmiVendor, dmiProduct, log.Dmi, log.Hypervisor);
        return new HypervisorProfile(flag, sysfsType, dmiVendor, dmiProduct, log.Dmi, log.Hypervisor, name,
            HypervisorIdentity.Vmm(name, log.AcpiOem, dmiVendor, log.Dmi));
    }

    private static TeeProfile ReadTee(IProbeSource machine, CpuProfile cpu, KernelLog log)
    {
        var tdxDevice = machine.Exists("/dev/tdx_guest");
        var sevDevice = machine.Exists("/dev/sev-guest");
        string[] teeFlags = ["tdx_guest", "sev", "sev_es", "sev_snp"];
        return new TeeProfile(
            tdxDevice,
            sevDevice,
            cpu.Flags.Then(flags => Fact<IReadOnlyList<string>>.Known(flags.Where(teeFlags.Contains).ToList(), cpu.Flags.Source)),
            log.TdxGuestDetected,
            log.MemoryEncryption,
            log.SevStatus,
            TeeVerdict.Decide(tdxDevice, sevDevice, cpu.Flags, cpu.Has("hypervisor"), log));
    }

    private static SwiotlbProfile ReadSwiotlb(IProbeSource machine, KernelLog log, Fact<string> commandLine) => new(
        log.SwiotlbMappedBytes,
        Integer(machine.ReadText("/sys/kernel/debug/swiotlb/io_tlb_nslabs")),
        Integer(machine.ReadText("/sys/kernel/debug/swiotlb/io_tlb_used")),
        Options(commandLine, "swiotlb"));

    private static IommuProfile ReadIommu(IProbeSource machine, KernelLog log, Fact<string> commandLine) => new(
        machine.List("/sys/class/iommu"),
        Options(commandLine, "intel_iommu", "amd_iommu", "iommu", "iommu.passthrough"),
        log.IommuDefaultDomain,
        log.IommuMessages);

    private static Fact<IReadOnlyList<NumaNode>> ReadNuma(IProbeSource machine)
    {
        var entries = machine.List(NodesDirectory);
        return entries.Then(names => Fact<IReadOnlyList<NumaNode>>.Known(
            names.Select(name => SysfsText.NodeNumber(name))
                .OfType<int>()
                .Order()
                .Select(node => new NumaNode(
                    node,
                    Trimmed(machine.ReadText($"{NodesDirectory}/node{node}/cpulist")),
                    machine.ReadText($"{NodesDirectory}/node{node}/meminfo")
                        .ParseValue(text => SysfsText.MemInfoBytes(text, "MemTotal"), "no MemTotal line")))
                .ToList(),
            entries.Source));
    }

    private static HugePageProfile ReadHugePages(IProbeSource machine)
    {
        var entries = machine.List(HugePagesDirectory);
        var pools = entries.Then(names => Fact<IReadOnlyList<HugePagePool>>.Known(
            names.Select(name => (Name: name, Bytes: SysfsText.HugePagePoolBytes(name)))
                .Where(pool => pool.Bytes is not null)
                .OrderBy(pool => pool.Bytes)
                .Select(pool => new HugePagePool(
                    pool.Bytes!.Value,
                    Integer(machine.ReadText($"{HugePagesDirectory}/{pool.Name}/nr_hugepages")),
                    Integer(machine.ReadText($"{HugePagesDirectory}/{pool.Name}/free_hugepages"))))
                .ToList(),
            entries.Source));
        return new HugePageProfile(
            Choice(machine.ReadText("/sys/kernel/mm/transparent_hugepage/enabled")),
            Choice(machine.ReadText("/sys/kernel/mm/transparent_hugepage/defrag")),
            machine.ReadText("/proc/meminfo").ParseValue(text => SysfsText.MemInfoBytes(text, "Hugepagesize"), "no Hugepagesize line"),
            pools);
    }

    private static Fact<string> Trimmed(Fact<string> text) =>
        text.Then(value => Fact<string>.Known(value.Trim(), text.Source));

    private static Fact<long> Integer(Fact<string> text) =>
        text.ParseValue(SysfsText.Integer, "not a whole number");

    private static Fact<string> Choice(Fact<string> text) =>
        text.Parse(SysfsText.Choice, "no [bracketed] choice");

    private static Fact<IReadOnlyList<string>> Options(Fact<string> commandLine, params string[] names) =>
        commandLine.Then(line => Fact<IReadOnlyList<string>>.Known(KernelCommandLine.Options(line, names), commandLine.Source));
}
