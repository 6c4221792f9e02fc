namespace CvmBench.Platform;

/// <summary>The running kernel, and whether its log could be read (several facts come from it).</summary>
/// <param name="HostName">/proc/sys/kernel/hostname.</param>
/// <param name="Release">/proc/sys/kernel/osrelease (or /proc/version, or the log's <c>Linux version</c>).</param>
/// <param name="CommandLine">/proc/cmdline (or the log's <c>Command line:</c>).</param>
/// <param name="LogLines">How many messages the kernel log gave; unknown, with why, where it could not be read.</param>
public sealed record KernelProfile(
    Fact<string> HostName,
    Fact<string> Release,
    Fact<string> CommandLine,
    Fact<int> LogLines);
