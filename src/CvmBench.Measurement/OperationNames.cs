namespace CvmBench.Measurement;

/// <summary>The words the store keeps and users read for operations: register, unregister, host-alloc, free-host,
/// aes-gcm-seal, host-copy, staging-copy, staging-submit, emulated-transfer.</summary>
public static class OperationNames
{
    public static string ToText(OperationKind operation) => operation switch
    {
        OperationKind.Register => "register",
        OperationKind.Unregister => "unregister",
        OperationKind.HostAlloc => "host-alloc",
        OperationKind.FreeHost => "free-host",
        OperationKind.AesGcmSeal => "aes-gcm-seal",
        OperationKind.HostCopy => "host-copy",
        OperationKind.StagingCopy => "staging-copy",
        OperationKind.StagingSubmit => "staging-submit",
        OperationKind.EmulatedTransfer => "emulated-transfer",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static bool TryParse(string text, out OperationKind operation)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var candidate in Enum.GetValues<OperationKind>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.Ordinal))
            {
                operation = candidate;
                return true;
            }
        }
        operation = default;
        return false;
    }

    /// <summary>Making memory DMA-able or undoing it: reported as a latency, where the others are rates.</summary>
    public static bool IsConversion(OperationKind operation) =>
        operation is OperationKind.Register or OperationKind.Unregister or OperationKind.HostAlloc or OperationKind.FreeHost;
}
