namespace CvmBench.Model;

/// <summary>Values measured on a machine that can replace model parameters; null where the run did not measure
/// them. SI units.</summary>
/// <param name="RunId">The run they come from.</param>
/// <param name="H2DDmaRate">Pinned host-to-device rate, bytes/s.</param>
/// <param name="D2HDmaRate">Pinned device-to-host rate, bytes/s.</param>
/// <param name="CopyRatePerThread">Host memcpy rate of one thread, bytes/s.</param>
/// <param name="RegistrationPerPage">Register plus unregister of one 4 KiB page, seconds.</param>
/// <param name="AesGcmRatePerCore">AES-GCM rate of one core, bytes/s.</param>
/// <param name="H2DDmaLatency">Fixed cost of one synchronous host-to-device transfer, seconds.</param>
/// <param name="RegistrationPerCall">Register plus unregister besides the pages, seconds.</param>
/// <param name="AesGcmTagCost">CPU time per AES-GCM tag besides the bulk cipher, seconds.</param>
/// <param name="StagingCopyRatePerThread">Host memcpy rate of one thread into a staging pool that stays in cache, bytes/s.</param>
/// <param name="StagingSubmitCost">Queuing one staging chunk's DMA and recording its event, seconds.</param>
/// <param name="D2HDmaLatency">Fixed cost of one synchronous device-to-host transfer, seconds.</param>
public sealed record MeasuredParameters(
    string RunId,
    double? H2DDmaRate = null,
    double? D2HDmaRate = null,
    double? CopyRatePerThread = null,
    double? RegistrationPerPage = null,
    double? AesGcmRatePerCore = null,
    double? H2DDmaLatency = null,
    double? RegistrationPerCall = null,
    double? AesGcmTagCost = null,
    double? StagingCopyRatePerThread = null,
    double? StagingSubmitCost = null,
    double? D2HDmaLatency = null)
{
    /// <summary>True when the run measured none of them.</summary>
    public bool IsEmpty => H2DDmaRate is null && D2HDmaRate is null && CopyRatePerThread is null
        && RegistrationPerPage is null && AesGcmRatePerCore is null && H2DDmaLatency is null && D2HDmaLatency is null
        && RegistrationPerCall is null && AesGcmTagCost is null && StagingCopyRatePerThread is null && StagingSubmitCost is null;
}
