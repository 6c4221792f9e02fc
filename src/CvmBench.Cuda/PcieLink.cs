namespace CvmBench.Cuda;

/// <summary>A PCIe link as generation x lanes, with its theoretical per-direction data rate.</summary>
public sealed record PcieLink(int Generation, int Width)
{
    /// <summary>Theoretical data rate per direction in bytes/s: transfer rate x lanes x line-code efficiency / 8.
    /// Gen 5 x16 gives 63.0 GB/s. Protocol overhead (TLP headers, flow control) is not subtracted: this is the
    /// ceiling efficiency figures are measured against, not an achievable rate. Zero for an unknown generation.</summary>
    public double TheoreticalBytesPerSecond => Generation switch
    {
        1 => 2.5e9 * 8 / 10,
        2 => 5.0e9 * 8 / 10,
        3 => 8.0e9 * 128 / 130,
        4 => 16.0e9 * 128 / 130,
        5 => 32.0e9 * 128 / 130,
        6 => 64.0e9 * 242 / 256,
        _ => 0,
    } * Width / 8;

    public override string ToString() => $"Gen{Generation} x{Width}";
}
