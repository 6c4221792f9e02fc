using System.Runtime.InteropServices;

namespace CvmBench.Cli;

/// <summary>SIGINT, SIGTERM and SIGHUP cancel <see cref="Token"/> instead of ending the process, so a measurement stops
/// at its next sample and its run stays stored, marked incomplete. A second signal, while it stops, ends the process
/// as the signal would have.</summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations;

    public Interruption()
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (!_source.IsCancellationRequested)
        {
            context.Cancel = true;
            _source.Cancel();
        }
    }

    public void Dispose()
    {
        _registrations.ForEach(r => r.Dispose());
        _source.Dispose();
    }
}
