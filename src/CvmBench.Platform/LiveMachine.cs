using System.ComponentModel;
using System.Diagnostics;
using CvmBench.Cuda;

namespace CvmBench.Platform;

/// <summary>The machine this process runs on.</summary>
public sealed class LiveMachine : IProbeSource
{
    private const string GpuSource = "CUDA driver API, NVML";
    private static readonly TimeSpan DmesgTimeout = TimeSpan.FromSeconds(10);

    public Fact<string> ReadText(string path)
    {
        try
        {
            return Fact<string>.Known(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fact<string>.Missing(path, Reason(e));
        }
    }

    public Fact<IReadOnlyList<string>> List(string directory)
    {
        try
        {
            IReadOnlyList<string> names = Directory.GetFileSystemEntries(directory)
                .Select(entry => Path.GetFileName(entry)).Order(StringComparer.Ordinal).ToList();
            return Fact<IReadOnlyList<string>>.Known(names, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fact<IReadOnlyList<string>>.Missing(directory, Reason(e));
        }
    }

    public Fact<bool> Exists(string path) => Fact<bool>.Known(Path.Exists(path), path);

    /// <summary>What /dev/kmsg holds now; where it cannot be read, what <c>dmesg</c> prints.</summary>
    public Fact<string> KernelLog()
    {
        var kmsg = KernelMessageDevice.Read();
        if (kmsg.IsKnown)
        {
            return kmsg;
        }
        var dmesg = Dmesg();
        return dmesg.IsKnown
            ? dmesg
            : Fact<string>.Missing($"{kmsg.Source}, {dmesg.Source}", $"{kmsg.Source}: {kmsg.Unknown}; {dmesg.Unknown}");
    }

    public Fact<IReadOnlyList<GpuInfo>> Gpus()
    {
        try
        {
            return Fact<IReadOnlyList<GpuInfo>>.Known(GpuInventory.Read(CudaDriver.Load()), GpuSource);
        }
        catch (Exception e) when (e is DriverNotFoundException or CudaException or NvmlException
            or DllNotFoundException or EntryPointNotFoundException)
        {
            return Fact<IReadOnlyList<GpuInfo>>.Missing(GpuSource, e.Message);
        }
    }

    private static Fact<string> Dmesg()
    {
        const string Source = "dmesg";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Source)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(DmesgTimeout))
            {
                process.Kill();
                return Fact<string>.Missing(Source, $"dmesg gave no answer within {DmesgTimeout.TotalSeconds:F0} s");
            }
            if (process.ExitCode != 0)
            {
                string message = error.Result.Trim();
                return Fact<string>.Missing(Source, message.Length > 0 ? message : $"dmesg exited with code {process.ExitCode}");
            }
            return Fact<string>.Known(output.Result, Source);
        }
        catch (Win32Exception e)
        {
            return Fact<string>.Missing(Source, $"cannot run dmesg ({e.Message})");
        }
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "not found",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
