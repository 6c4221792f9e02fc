namespace CvmBench.Cli;

/// <summary>The process exit codes every command shares.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work failed on the machine: a driver error, a verification mismatch.</summary>
    public const int Failure = 1;
    /// <summary>The command line or an input file was wrong.</summary>
    public const int BadInput = 2;
    /// <summary>The command needs a GPU and this machine has no NVIDIA driver.</summary>
    public const int NoDriver = 3;
    /// <summary>Interrupted by SIGINT (Ctrl-C), SIGTERM or SIGHUP: 128 + SIGINT for all three, so scripts test one code.</summary>
    public const int Interrupted = 130;
}
