using System.Globalization;
using System.Text.RegularExpressions;

namespace CvmBench.Platform;

/// <summary>The kernel log and the messages the probe looks for in it. Reads dmesg's
/// <c>[    0.000000] text</c> lines and bare messages alike. A message that is not there is unknown, not
/// false: the ring buffer may have wrapped since boot.</summary>
public sealed partial class KernelLog
{
    public const string TdxGuestMarker = "tdx: Guest detected";
    public const string MemoryEncryptionMarker = "Memory Encryption Features active: ";
    public const string SevStatusMarker = "SEV: Status: ";

    private const int MaxIommuLines = 12;

    private readonly Fact<string> log;
    private readonly string[] messages;

    public KernelLog(Fact<string> log)
    {
        this.log = log;
        messages = log.IsKnown
            ? log.Value!.Split('\n').Select(WithoutTimestamp).Where(message => message.Length > 0).ToArray()
            : [];
    }

    /// <summary>Whether the log could be read at all.</summary>
    public bool IsReadable => log.IsKnown;

    public string Source => log.Source;

    public Fact<int> Lines => log.Then(_ => Fact<int>.Known(messages.Length, log.Source));

    /// <summary>The first message holding <paramref name="marker"/>.</summary>
    public Fact<string> Message(string marker) => log.Then(_ =>
        messages.FirstOrDefault(message => message.Contains(marker, StringComparison.Ordinal)) is { } found
            ? Fact<string>.Known(found, log.Source)
            : Fact<string>.Missing(log.Source, $"no '{marker.Trim()}' line in the kernel log"));

    /// <summary>What follows <paramref name="marker"/> in the first message holding it, trimmed.</summary>
    public Fact<string> After(string marker) => Message(marker).Then(message =>
        Fact<string>.Known(message[(message.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim(), log.Source));

    /// <summary>Every message holding one of the markers, in order.</summary>
    public Fact<IReadOnlyList<string>> MessagesWith(int limit, params string[] markers) => log.Then(_ =>
        Fact<IReadOnlyList<string>>.Known(
            messages.Where(message => markers.Any(marker => message.Contains(marker, StringComparison.Ordinal))).Take(limit).ToList(),
            log.Source));

    /// <summary><c>Hypervisor detected: KVM</c> gives <c>KVM</c>.</summary>
    public Fact<string> Hypervisor => After("Hypervisor detected: ");

    /// <summary>The firmware's identity line: <c>DMI: QEMU Standard PC (Q35 + ICH9, 2009), BIOS ...</c>.</summary>
    public Fact<string> Dmi => After("DMI: ");

    /// <summary>The OEM id of the ACPI root table: FIRECK for Firecracker, BOCHS for QEMU.</summary>
    public Fact<string> AcpiOem => Message("ACPI: RSDP ").Then(message => AcpiRsdp().Match(message) is { Success: true } match
        ? Fact<string>.Known(match.Groups["oem"].Value, log.Source)
        : Fact<string>.Missing(log.Source, $"no OEM id in '{message}'"));

    /// <summary>Intel TDX or AMD SEV SEV-ES SEV-SNP, as the guest kernel reports what it turned on
    /// (older kernels say <c>AMD Memory Encryption Features active: SEV SEV-ES</c>).</summary>
    public Fact<string> MemoryEncryption => After(MemoryEncryptionMarker);

    /// <summary>The SEV features the guest reads from its SEV_STATUS MSR (kernels from 6.9).</summary>
    public Fact<string> SevStatus => After(SevStatusMarker);

    /// <summary>The first message of a TDX guest kernel.</summary>
    public Fact<string> TdxGuestDetected => Message(TdxGuestMarker);

    /// <summary>The bounce-buffer pool the kernel mapped, in bytes (the line gives MiB).</summary>
    public Fact<long> SwiotlbMappedBytes
    {
        get
        {
            var mapped = Message("software IO TLB: mapped ");
            if (mapped.IsKnown)
            {
                return SwiotlbMapped().Match(mapped.Value!) is { Success: true } match
                    && long.TryParse(match.Groups["mib"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long mib)
                    ? Fact<long>.Known(mib << 20, log.Source)
                    : Fact<long>.Missing(log.Source, $"no size in '{mapped.Value}'");
            }
            // Say what the kernel did say of the pool ("No low mem", a roundup), when it said anything.
            var said = MessagesWith(MaxIommuLines, "software IO TLB: ");
            return said.IsKnown && said.Value!.Count > 0
                ? Fact<long>.Missing(log.Source, $"no pool mapped; the kernel said: {string.Join("; ", said.Value!)}")
                : Fact<long>.Missing(mapped.Source, mapped.Unknown!);
        }
    }

    /// <summary>iommu: Default domain type: Translated (or Passthrough, Identity).</summary>
    public Fact<string> IommuDefaultDomain => After("iommu: Default domain type: ");

    /// <summary>The IOMMU's own messages: Intel DMAR, AMD-Vi and the core's, the first few.</summary>
    public Fact<IReadOnlyList<string>> IommuMessages => MessagesWith(MaxIommuLines, "DMAR:", "AMD-Vi:", "iommu:");

    /// <summary>The release from <c>Linux version 6.8.0-45-generic (...)</c>.</summary>
    public Fact<string> LinuxVersion => After("Linux version ").Then(rest =>
        Fact<string>.Known(rest.Split(' ', 2)[0], log.Source));

    /// <summary>The command line the kernel booted with, as it printed it first.</summary>
    public Fact<string> CommandLine => After("Command line: ");

    private static string WithoutTimestamp(string line)
    {
        string trimmed = line.TrimEnd('\r');
        var stamp = Timestamp().Match(trimmed);
        return stamp.Success ? trimmed[stamp.Length..] : trimmed;
    }

    [GeneratedRegex(@"^\[ *\d+\.\d+\] ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"ACPI: RSDP 0x[0-9A-Fa-f]+ [0-9A-Fa-f]+ \(v\d+ +(?<oem>[^\s)]+)")]
    private static partial Regex AcpiRsdp();

    [GeneratedRegex(@"software IO TLB: mapped \[mem 0x[0-9a-fA-F]+-0x[0-9a-fA-F]+\] \((?<mib>\d+)MB\)")]
    private static partial Regex SwiotlbMapped();
}
