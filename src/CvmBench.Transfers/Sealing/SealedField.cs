namespace CvmBench.Transfers.Sealing;

/// <summary>What the simulated device's test hook changes in a sealed chunk on its way: one bit of segment 0's
/// ciphertext, of its record's tag, or of its record's nonce.</summary>
internal enum SealedField
{
    None,
    Ciphertext,
    Tag,
    Nonce,
}
