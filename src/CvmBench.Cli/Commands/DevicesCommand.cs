using System.CommandLine;
using System.Text.Json;
using CvmBench.Cuda;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench devices</c>: the GPUs as a table (or JSON).</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("devices", "List the GPUs: name, UUID, PCI bus, memory, compute capability, copy engines, PCIe link, NUMA node, CC mode.") { json };
        command.SetAction(parse =>
        {
            var driver = CudaDriver.Load();
            var gpus = GpuInventory.Read(driver);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(gpus, CliJson.Default.IReadOnlyListGpuInfo));
            }
            else
            {
                Render(driver, gpus);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(CudaDriver driver, IReadOnlyList<GpuInfo> gpus)
    {
        if (gpus.Count == 0)
        {
            Console.Out.WriteLine($"NVIDIA driver present (CUDA {driver.VersionText}), but no CUDA device is visible.");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"GPUs (CUDA driver API {driver.VersionText})");
        foreach (string column in new[] { "#", "Name", "UUID", "PCI bus", "Memory", "CC", "Copy engines", "PCIe now / max", "Link GB/s", "NUMA", "CPUs", "CC mode" })
        {
            table.AddColumn(column);
        }
        foreach (var g in gpus)
        {
            string link = $"{g.CurrentLink} / {g.MaxLink}";
            string rate = g.MaxLink.IsKnown ? $"{g.MaxLink.Value!.TheoreticalBytesPerSecond / 1e9:F1}" : "unknown";
            string cc = g.ConfidentialComputing.IsKnown ? (g.ConfidentialComputing.Value!.Enabled ? "on" : "off") : "unknown";
            table.AddRow(
                $"{g.Cuda.Ordinal}", Markup.Escape(g.Cuda.Name), g.Cuda.Uuid, g.Cuda.PciBusId,
                $"{g.Cuda.TotalMemoryBytes / (double)(1L << 30):F1} GiB", g.Cuda.ComputeCapability, $"{g.Cuda.AsyncEngineCount}",
                Markup.Escape(link), rate, Markup.Escape(g.NumaNode.ToString()), Markup.Escape(g.CpuAffinity.ToString()), cc);
        }
        AnsiConsole.Write(table);
    }
}
