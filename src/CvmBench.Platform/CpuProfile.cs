namespace CvmBench.Platform;

/// <summary>The CPU as /proc/cpuinfo describes its first processor, and how many logical CPUs it lists.</summary>
/// <param name="Vendor">vendor_id: GenuineIntel, AuthenticAMD.</param>
/// <param name="ModelName">model name; a guest may see only <c>06/cf</c> where the brand string is hidden.</param>
/// <param name="Family">cpu family.</param>
/// <param name="Model">model (207 is an Emerald Rapids Xeon).</param>
/// <param name="Flags">The feature flags, in the kernel's order.</param>
/// <param name="LogicalCpus">The number of processor entries.</param>
public sealed record CpuProfile(
    Fact<string> Vendor,
    Fact<string> ModelName,
    Fact<int> Family,
    Fact<int> Model,
    Fact<IReadOnlyList<string>> Flags,
    Fact<int> LogicalCpus)
{
    /// <summary>Whether the flag is listed; unknown where the flags are.</summary>
    public Fact<bool> Has(string flag) => Flags.Then(flags => Fact<bool>.Known(flags.Contains(flag), Flags.Source));
}
