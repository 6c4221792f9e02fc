using System.Globalization;

namespace CvmBench.Platform;

/// <summary>Parses /proc/cpuinfo (x86): the first processor's identity and flags, and the processor count.</summary>
public static class CpuInfoText
{
    public static CpuProfile Parse(Fact<string> cpuinfo)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        int processors = 0;
        if (cpuinfo.IsKnown)
        {
            foreach (string line in cpuinfo.Value!.Split('\n'))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }
                string key = line[..colon].Trim();
                if (key == "processor")
                {
                    processors++;
                }
                fields.TryAdd(key, line[(colon + 1)..].Trim());
            }
        }

        Fact<string> Field(string key) => cpuinfo.Then(_ => fields.TryGetValue(key, out string? value)
            ? Fact<string>.Known(value, cpuinfo.Source)
            : Fact<string>.Missing(cpuinfo.Source, $"no '{key}' line"));

        Fact<int> Number(string key) => Field(key).Then(value =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                ? Fact<int>.Known(number, cpuinfo.Source)
                : Fact<int>.Missing(cpuinfo.Source, $"'{key}' is not a number: '{value}'"));

        return new CpuProfile(
            Vendor: Field("vendor_id"),
            ModelName: Field("model name"),
            Family: Number("cpu family"),
            Model: Number("model"),
            Flags: Field("flags").Then(value => Fact<IReadOnlyList<string>>.Known(
                value.Split(' ', StringSplitOptions.RemoveEmptyEntries), cpuinfo.Source)),
            LogicalCpus: cpuinfo.Then(_ => processors > 0
                ? Fact<int>.Known(processors, cpuinfo.Source)
                : Fact<int>.Missing(cpuinfo.Source, "no 'processor' lines")));
    }
}
