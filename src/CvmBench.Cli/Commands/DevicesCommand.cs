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
        var table = new Table().Border(TableBorder.Simple).Title($"GPUs (CUDA {driver.VersionText} driver API)");
        foreach (string column in new[] { "#", "name", "PCI bus", "memory", "compute", "copy engines", "PCIe now", "PCIe max", "GB/s per direction", "NUMA node", "CPUs", "CC mode" })
        {
            table.AddColumn(column);
        }
        var notes = new List<string>();
        foreach (var g in gpus)
        {
            string rate = g.MaxLink.IsKnown ? $"{g.MaxLink.Value!.TheoreticalBytesPerSecond / 1e9:F1}" : "?";
            string cc = g.ConfidentialComputing.IsKnown ? (g.ConfidentialComputing.Value!.Enabled ? "on" : "off") : "?";
            table.AddRow(
                $"{g.Cuda.Ordinal}", Markup.Escape(g.Cuda.Name), g.Cuda.PciBusId, $"{g.Cuda.TotalMemoryBytes / (double)(1L << 30):F1} GiB",
                g.Cuda.ComputeCapability, $"{g.Cuda.AsyncEngineCount}", Short(g.CurrentLink), Short(g.MaxLink), rate,
                Short(g.NumaNode), Short(g.CpuAffinity), cc);
            notes.Add($"GPU {g.Cuda.Ordinal}: {g.Cuda.Uuid}, driver {g.DriverVersion}");
            foreach (var (what, unknown) in new[] { ("PCIe link", g.CurrentLink.Unknown), ("NUMA node", g.NumaNode.Unknown), ("CPU affinity", g.CpuAffinity.Unknown), ("CC mode", g.ConfidentialComputing.Unknown) })
            {
                if (unknown is not null)
                {
                    notes.Add($"  {what} unknown: {unknown}");
                }
            }
        }
        Terminal.Out.Write(table);
        foreach (string note in notes)
        {
            Terminal.Out.WriteLine(note);
        }
    }

    /// <summary>A value, or "?" with the reason printed under the table.</summary>
    private static string Short<T>(Fact<T> fact) => fact.IsKnown ? Markup.Escape(fact.Value?.ToString() ?? "") : "?";
}
