using System.Text.Json.Serialization;
using CvmBench.Platform;

namespace CvmBench.Measurement;

/// <summary>Where a run was measured: the machine's identity (host name and hardware fingerprint) and its probe.</summary>
/// <param name="Host">The host name.</param>
/// <param name="Class">bare-metal, vm, tdx, snp, sev (an SEV or SEV-ES guest), or cc (a GPU in confidential-computing mode); "unknown" where the probe could not tell.</param>
/// <param name="Summary">One line for tables: CPU, hypervisor, GPU and link.</param>
/// <param name="ProbeJson">The full <c>probe --json</c> document, kept verbatim.</param>
public sealed record RunEnvironment(string Host, string Class, string Summary, string ProbeJson)
{
    /// <summary>A probed machine as the results store keeps it with every run.</summary>
    public static RunEnvironment Of(MachineProfile profile) => new(
        Host: profile.Kernel.HostName.IsKnown ? profile.Kernel.HostName.Value! : "unknown",
        Class: profile.Class.IsKnown ? profile.Class.Value! : EnvironmentClass.Unknown,
        Summary: profile.Summary(),
        ProbeJson: profile.ToJson());

    /// <summary>The hardware's fingerprint, derived from <see cref="ProbeJson"/> (see <see cref="MachineFingerprint"/>);
    /// not exported, since the probe it comes from is.</summary>
    [JsonIgnore]
    public string Fingerprint => MachineFingerprint.Of(ProbeJson);
}
