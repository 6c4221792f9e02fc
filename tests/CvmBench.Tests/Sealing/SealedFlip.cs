namespace CvmBench.Tests.Sealing;

/// <summary>Which field of a sealed chunk's last segment a test changes one bit of.</summary>
public enum SealedFlip
{
    None,
    Ciphertext,
    Tag,
    Nonce,
    Length,
}
