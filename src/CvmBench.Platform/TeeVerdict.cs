namespace CvmBench.Platform;

/// <summary>Weighs the TEE signs into one verdict. Any TDX sign makes a TDX guest; otherwise the highest
/// SEV level any sign shows. Each sign says what it saw, so a verdict from one sign alone is visible.</summary>
public static class TeeVerdict
{
    private const string TdxFamily = "tdx";
    private const string SevFamily = "sev";
    private static readonly string[] SevLevels = [TeeGuest.SevSnp, TeeGuest.SevEs, TeeGuest.Sev];

    /// <summary>One check: the family it speaks for, the kind it saw (null: it saw none; unknown when
    /// it could not be read), and its words either way.</summary>
    private sealed record Sign(string Family, Fact<string?> Saw, string Text);

    public static Fact<TeeGuest> Decide(Fact<bool> tdxDevice, Fact<bool> sevDevice, Fact<IReadOnlyList<string>> cpuFlags,
        Fact<bool> hypervisorFlag, KernelLog log)
    {
        Sign[] signs =
        [
            Device(TdxFamily, TeeGuest.Tdx, "/dev/tdx_guest", tdxDevice),
            Device(SevFamily, TeeGuest.SevSnp, "/dev/sev-guest", sevDevice),
            Flags(TdxFamily, cpuFlags, flags => flags.Contains("tdx_guest") ? TeeGuest.Tdx : null, "cpuinfo flag tdx_guest"),
            SevFlags(cpuFlags, hypervisorFlag),
            Line(TdxFamily, log, KernelLog.TdxGuestMarker, _ => TeeGuest.Tdx),
            Line(TdxFamily, log, KernelLog.MemoryEncryptionMarker, text => text.Contains("TDX", StringComparison.Ordinal) ? TeeGuest.Tdx : null),
            Line(SevFamily, log, KernelLog.MemoryEncryptionMarker, SevLevel),
            Line(SevFamily, log, KernelLog.SevStatusMarker, SevLevel),
        ];

        var seen = signs.Where(s => s.Saw.IsKnown && s.Saw.Value is not null).ToList();
        string? kind = seen.Any(s => s.Family == TdxFamily)
            ? TeeGuest.Tdx
            : SevLevels.FirstOrDefault(level => seen.Any(s => s.Saw.Value == level));
        if (kind is not null)
        {
            string family = kind == TeeGuest.Tdx ? TdxFamily : SevFamily;
            var agreeing = seen.Where(s => s.Family == family).ToList();
            return Fact<TeeGuest>.Known(
                new TeeGuest(kind,
                    agreeing.Select(s => s.Text).Distinct().ToList(),
                    signs.Where(s => s.Family == family && !agreeing.Contains(s)).Select(s => s.Text).Distinct().ToList()),
                string.Join(", ", agreeing.Select(s => s.Saw.Source).Distinct()));
        }

        var checkedSigns = signs.Where(s => s.Saw.IsKnown).ToList();
        if (checkedSigns.Count == 0)
        {
            return Fact<TeeGuest>.Missing(string.Join(", ", signs.Select(s => s.Saw.Source).Distinct()),
                "no TEE sign could be read");
        }
        return Fact<TeeGuest>.Known(
            new TeeGuest(TeeGuest.None,
                checkedSigns.Select(s => s.Text).Distinct().ToList(),
                signs.Where(s => !s.Saw.IsKnown).Select(s => s.Text).Distinct().ToList()),
            string.Join(", ", checkedSigns.Select(s => s.Saw.Source).Distinct()));
    }

    /// <summary>The SEV level a kernel line names: <c>AMD SEV SEV-ES SEV-SNP</c> gives sev-snp. A host's
    /// <c>AMD SME</c> names none.</summary>
    public static string? SevLevel(string features)
    {
        string[] words = features.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return SevLevels.FirstOrDefault(level => words.Contains(level.ToUpperInvariant(), StringComparer.Ordinal));
    }

    private static Sign Device(string family, string kind, string path, Fact<bool> exists) => exists.IsKnown
        ? new Sign(family, Fact<string?>.Known(exists.Value ? kind : null, exists.Source), $"{path} {(exists.Value ? "exists" : "absent")}")
        : new Sign(family, Fact<string?>.Missing(exists.Source, exists.Unknown!), $"{path}: {exists.Unknown}");

    private static Sign Flags(string family, Fact<IReadOnlyList<string>> flags, Func<IReadOnlyList<string>, string?> kindOf, string what)
    {
        if (!flags.IsKnown)
        {
            return new Sign(family, Fact<string?>.Missing(flags.Source, flags.Unknown!), $"cpuinfo: {flags.Unknown}");
        }
        string? kind = kindOf(flags.Value!);
        return new Sign(family, Fact<string?>.Known(kind, flags.Source), kind is null ? $"no {what}" : what);
    }

    /// <summary>sev, sev_es and sev_snp count only in a guest: on a host they describe what it can run.</summary>
    private static Sign SevFlags(Fact<IReadOnlyList<string>> flags, Fact<bool> hypervisorFlag)
    {
        string? Highest(IReadOnlyList<string> list) =>
            SevLevels.FirstOrDefault(level => list.Contains(level.Replace('-', '_')));
        if (flags.IsKnown && hypervisorFlag.IsKnown && !hypervisorFlag.Value)
        {
            return new Sign(SevFamily, Fact<string?>.Known(null, flags.Source),
                Highest(flags.Value!) is { } level
                    ? $"cpuinfo flag {level.Replace('-', '_')} without the hypervisor flag (a host CPU's capability)"
                    : "no cpuinfo flag sev, sev_es or sev_snp");
        }
        var sign = Flags(SevFamily, flags, Highest, "cpuinfo flag sev, sev_es or sev_snp");
        return sign.Saw.Value is { } found ? sign with { Text = $"cpuinfo flag {found.Replace('-', '_')}" } : sign;
    }

    /// <summary>A kernel message: <paramref name="kindOf"/> reads what follows the marker.</summary>
    private static Sign Line(string family, KernelLog log, string marker, Func<string, string?> kindOf)
    {
        var message = log.Message(marker);
        if (!log.IsReadable)
        {
            return new Sign(family, Fact<string?>.Missing(log.Source, message.Unknown!), $"kernel log: {message.Unknown}");
        }
        if (!message.IsKnown)
        {
            return new Sign(family, Fact<string?>.Known(null, log.Source), message.Unknown!);
        }
        string text = message.Value!;
        string rest = text[(text.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
        return new Sign(family, Fact<string?>.Known(kindOf(rest), log.Source), $"kernel: {text.Trim()}");
    }
}
