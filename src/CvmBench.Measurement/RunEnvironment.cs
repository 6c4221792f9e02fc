using System.Text.Json.Serialization;
using CvmBench.Platform;

namespace CvmBench.Measurement;

/// <summary>Where a run was measured: the machine's identity (host name and hardware fingerprint) and its probe.</summary>
/// <param name="Host">The host name.</param>
/// <param name="Class">What the machine is, as runs are compared by; <see cref="EnvironmentClass.Unknown"/> where the probe could not tell.</param>
/// <param name="Summary">One line for tables: CPU, hypervisor, GPU and link.</param>
/// <param name="ProbeJson">The full <c>probe --json</c> document, kept verbatim.</param>
public sealed record RunEnvironment(string Host, EnvironmentClass Class, string Summary, string ProbeJson)
{
    /// <summary>A probed machine as the results store keeps it with every run.</summary>
    public static RunEnvironment Of(MachineProfile profile) => new(
        Host: profile.Kernel.HostName.IsKnown ? profile.Kernel.HostName.Value! : "unknown",
        Class: profile.Class is { IsKnown: true, Value: { } known } ? known : EnvironmentClass.Unknown,
        Summary: profile.Summary(),
        ProbeJson: profile.ToJson());

    /// <summary>The hardware's fingerprint, derived from <see cref="ProbeJson"/> (see <see cref="MachineFingerprint"/>);
    /// not exported, since the probe it comes from is.</summary>
    [JsonIgnore]
    public string Fingerprint => MachineFingerprint.Of(ProbeJson);
}
