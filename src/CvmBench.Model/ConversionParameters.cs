namespace CvmBench.Model;

/// <summary>Costs every platform's conversion shares. SI units.</summary>
/// <param name="PteUpdatePerPage">Guest page-table update per 4 KiB page and direction.</param>
/// <param name="RegistrationPerPage">Pin, DMA-map, and later unmap and unpin one 4 KiB page.</param>
/// <param name="RegistrationPerCall">One registration and its undoing, besides the pages.</param>
public sealed record ConversionParameters(double PteUpdatePerPage, double RegistrationPerPage, double RegistrationPerCall);
