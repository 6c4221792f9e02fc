using System.CommandLine;
using CvmBench.Cli.Commands;
using CvmBench.Cuda;
using CvmBench.Storage;

namespace CvmBench.Cli;

/// <summary>Parses, runs, and maps every failure to one line on stderr and an exit code: never a stack trace.</summary>
internal static class CommandRunner
{
    public static int Run(RootCommand root, string[] args, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        if (args.Length > 0 && args[0] == BandwidthTestCommand.Name)
        {
            // bandwidthTest's own syntax (-name=value, unknown-option rules) is parsed by its own parser.
            return RunBandwidthTest(args[1..], stderr);
        }
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"cvmbench: {parse.Errors[0].Message} (see --help)");
            return ExitCodes.BadInput;
        }
        try
        {
            // Failures are reported below as one line; the library's handler would print a stack trace.
            // Ctrl-C cancels the action's token; the run then has time to be kept, marked incomplete.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
        }
        catch (Exception e)
        {
            return Report(e, stderr);
        }
    }

    private static int RunBandwidthTest(string[] args, TextWriter stderr)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return BandwidthTestCommand.Run(args, cancellation.Token);
        }
        catch (Exception e)
        {
            return Report(e, stderr);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>One line for any failure, with the exit code its kind deserves.</summary>
    public static int Report(Exception e, TextWriter stderr)
    {
        switch (e)
        {
            case DriverNotFoundException:
                stderr.WriteLine($"cvmbench: {e.Message}; what needs no GPU still works: probe, model, runs, report, compare, import, export, store copy, and 'run --simulate' on a simulated host-memory device");
                return ExitCodes.NoDriver;
            case UsageException or FormatException or ArgumentException or StoreException:
                stderr.WriteLine($"cvmbench: {e.Message}");
                return ExitCodes.BadInput;
            case OperationCanceledException:
                stderr.WriteLine("cvmbench: interrupted");
                return ExitCodes.Interrupted;
            default:
                stderr.WriteLine($"cvmbench: {e.Message}");
                return ExitCodes.Failure;
        }
    }
}
