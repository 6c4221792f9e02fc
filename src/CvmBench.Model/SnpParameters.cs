namespace CvmBench.Model;

/// <summary>AMD SEV-SNP page conversion, as Linux does it and as the seed's idealized page flip does. SI units.</summary>
/// <param name="PvalidatePerPage">PVALIDATE of one 4 KiB page, each direction.</param>
/// <param name="PscEntriesPerRequest">Page State Change entries per VMGEXIT.</param>
/// <param name="PscExit">One Page State Change VMGEXIT round trip.</param>
/// <param name="RmpUpdatePerPage">Host RMPUPDATE and bookkeeping per 4 KiB entry, each direction.</param>
/// <param name="TlbShootdown">TLB flush per conversion call and direction.</param>
public sealed record SnpParameters(double PvalidatePerPage, int PscEntriesPerRequest, double PscExit, double RmpUpdatePerPage, double TlbShootdown);
