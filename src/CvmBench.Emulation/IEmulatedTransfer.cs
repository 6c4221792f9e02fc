using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>One strategy's transfer, done for real between a host range and the start of a device buffer, in one
/// direction, synchronously: when it returns, every byte has arrived.</summary>
internal interface IEmulatedTransfer : IDisposable
{
    /// <summary>What the strategy's injection points call; null: the plain strategy, calling nothing. Switched between
    /// samples by the paired overhead check, so one instance (its pool, queues and buffers) serves the zero-cost
    /// emulation and the plain strategy alike.</summary>
    CostInjector? Injector { get; set; }

    /// <summary>One unit of the strategy (a transfer; for convert-once a cycle of several) on
    /// <paramref name="bytes"/> at <paramref name="offset"/> of <paramref name="host"/>; returns the bytes moved.</summary>
    long Run(IHostBuffer host, long offset, long bytes);

    /// <summary>What the strategy does, in a line, for the result's method note.</summary>
    string Describe();
}
