namespace CvmBench.Model;

/// <summary>Time to change the page state of a range, in seconds, split by what it is spent on.</summary>
/// <param name="Exits">Round trips to the hypervisor or VMM requested by the guest (MapGPA chunks, Page State Change VMGEXITs).</param>
/// <param name="Accept">TDX ACCEPT: the TDCALLs, the host's page additions they trigger, and clearing the memory.</param>
/// <param name="PageWork">Per-page work in guest and host: page tables, PVALIDATE, RMPUPDATE, secure-EPT removal.</param>
/// <param name="Flushes">Cache flushes and TLB shootdowns.</param>
public sealed record ConversionCost(double Exits, double Accept, double PageWork, double Flushes)
{
    public static ConversionCost None { get; } = new(0, 0, 0, 0);

    public double Total => Exits + Accept + PageWork + Flushes;

    public ConversionCost Add(ConversionCost other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new ConversionCost(Exits + other.Exits, Accept + other.Accept, PageWork + other.PageWork, Flushes + other.Flushes);
    }
}
