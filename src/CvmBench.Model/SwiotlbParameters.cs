namespace CvmBench.Model;

/// <summary>The swiotlb bounce pool of a confidential VM. SI units.</summary>
/// <param name="PoolShare">Pool size as a fraction of guest memory.</param>
/// <param name="PoolMinBytes">Smallest pool.</param>
/// <param name="PoolMaxBytes">Largest pool.</param>
/// <param name="MappingMaxBytes">Largest single mapping: the bounce pipeline's grain.</param>
/// <param name="MappingCost">Map plus unmap of one mapping, besides its copy.</param>
public sealed record SwiotlbParameters(double PoolShare, double PoolMinBytes, double PoolMaxBytes, double MappingMaxBytes, double MappingCost)
{
    /// <summary>Pool bytes for a guest of <paramref name="memoryBytes"/>: the share, clamped to [min, max].</summary>
    public double PoolBytes(double memoryBytes) => Math.Clamp(PoolShare * memoryBytes, PoolMinBytes, PoolMaxBytes);
}
