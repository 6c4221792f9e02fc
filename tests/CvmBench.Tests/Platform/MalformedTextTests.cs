using System.Text;
using CvmBench.Cuda;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class MalformedTextTests
{
    public static TheoryData<string> Garbage() => new(
        "",
        "\0\0\0",
        ":::\n:\n",
        "[",
        "]]]] [[[",
        "processor : x\ncpu family : 99999999999999999999999\nmodel : -1\nflags :\n",
        "vendor_id",
        "software IO TLB: mapped [mem 0x-0x] (MB)\nsoftware IO TLB: mapped [mem 0x1-0x2] (99999999999999999999999MB)",
        "ACPI: RSDP 0x (v\nACPI: RSDP ",
        "Memory Encryption Features active:\nSEV: Status:\nHypervisor detected:\nLinux version\nCommand line:",
        "[    0.0] \n[ 1.000000]\n[1.5] x",
        "Node 0 MemTotal: kB\nHugepagesize: lots kB\nMemTotal:",
        "hugepages-kB\nnode\nnode-1\nhugepages-99999999999999999999999kB",
        "\uFFFD\uFFFD\r\n\r\n\t\t",
        RandomText(seed: 1, length: 4096),
        RandomText(seed: 2, length: 65536));

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Parsers_never_throw_on_malformed_text(string text)
    {
        var known = Fact<string>.Known(text, "garbage");
        _ = CpuInfoText.Parse(known);
        _ = KernelCommandLine.Options(text, "swiotlb", "iommu");
        _ = SysfsText.Choice(text);
        _ = SysfsText.Integer(text);
        _ = SysfsText.MemInfoBytes(text, "MemTotal");
        _ = SysfsText.HugePagePoolBytes(text);
        _ = SysfsText.NodeNumber(text);
        _ = TeeVerdict.SevLevel(text);
        _ = KernelMessageDevice.Message(text);

        var log = new KernelLog(known);
        _ = (log.Hypervisor, log.Dmi, log.AcpiOem, log.MemoryEncryption, log.SevStatus, log.TdxGuestDetected,
            log.SwiotlbMappedBytes, log.IommuDefaultDomain, log.IommuMessages, log.LinuxVersion, log.CommandLine, log.Lines);
    }

    [Fact]
    public void A_capture_of_random_bytes_probes_without_an_exception()
    {
        string folder = Directory.CreateTempSubdirectory("cvmbench-garbage-capture").FullName;
        try
        {
            string source = PlatformFixtures.Folder(PlatformFixtures.DevelopmentMachine);
            var random = new Random(7);
            foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                string copy = Path.Combine(folder, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                var bytes = new byte[random.Next(0, 2048)];
                random.NextBytes(bytes);
                File.WriteAllBytes(copy, bytes);
            }

            var profile = MachineProbe.Read(new CapturedMachine(folder));

            FactJson.AssertEveryFactExplained(profile.ToJson());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RandomText(int seed, int length)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length);
        const string Alphabet = "[]():;=,.-_ x0123456789abcdefkBMB\n\t\r";
        for (int i = 0; i < length; i++)
        {
            text.Append(random.Next(4) == 0 ? (char)random.Next(0, 0xD800) : Alphabet[random.Next(Alphabet.Length)]);
        }
        return text.ToString();
    }
}
