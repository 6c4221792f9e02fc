using System.CommandLine;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench probe</c>: what this machine is.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("probe", "Describe this machine: CPU, hypervisor, TEE, swiotlb, IOMMU, NUMA, huge pages, kernel, GPUs.") { json };
        command.SetAction(_ => ExitCodes.Success);
        return command;
    }
}
