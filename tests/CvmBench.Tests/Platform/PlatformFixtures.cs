namespace CvmBench.Tests.Platform;

/// <summary>The captured machines under Fixtures/Platform (see its README.md for where each came from).</summary>
internal static class PlatformFixtures
{
    public const string DevelopmentMachine = "dev-kvm-amd-epyc";
    public const string H100Vm = "h100-vm-firecracker";
    public const string TdxGuest = "tdx-guest";
    public const string SnpGuest = "snp-guest";
    public const string SnpGuestBoot = "snp-guest-boot";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Platform");

    public static string Folder(string machine) => Path.Combine(Root, machine);

    public static string Text(string machine, string relativePath) => File.ReadAllText(Path.Combine(Folder(machine), relativePath));

    /// <summary>Every captured machine, including any added later.</summary>
    public static TheoryData<string> All()
    {
        var machines = new TheoryData<string>();
        foreach (string folder in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            machines.Add(Path.GetFileName(folder));
        }
        return machines;
    }
}
