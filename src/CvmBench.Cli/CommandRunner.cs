using System.CommandLine;
using System.CommandLine.Invocation;
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
        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (InvalidOperationException e)
        {
            // A validator that read a value the parser could not convert: the command line is at fault.
            stderr.WriteLine($"cvmbench: {OneLine(e.Message)} (see --help)");
            return ExitCodes.BadInput;
        }
        if (CommandLineProblems.Find(parse) is { } problem)
        {
            stderr.WriteLine($"cvmbench: {OneLine(problem)} (see --help)");
            return ExitCodes.BadInput;
        }
        try
        {
            // Failures are reported below as one line; the library's handler would print a stack trace. Signals are
            // handled here (not by the library, which ends the process after a timeout).
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            if (parse.Action is not AsynchronousCommandLineAction)
            {
                // Commands that take no cancellation token (they do not measure) end on a signal as any process does.
                return parse.Invoke(configuration);
            }
            using var interruption = new Interruption();
            return parse.InvokeAsync(configuration, interruption.Token).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return Report(e, stderr);
        }
    }

    private static int RunBandwidthTest(string[] args, TextWriter stderr)
    {
        try
        {
            using var interruption = new Interruption();
            return BandwidthTestCommand.Run(args, interruption.Token);
        }
        catch (Exception e)
        {
            return Report(e, stderr);
        }
    }

    /// <summary>One line for any failure, with the exit code its kind deserves.</summary>
    public static int Report(Exception e, TextWriter stderr)
    {
        string message = OneLine(e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message);
        switch (e)
        {
            case DriverNotFoundException:
                stderr.WriteLine($"cvmbench: {message}; what needs no GPU still works: probe, model, runs, report, compare, import, export, store copy, "
                    + "and on a simulated host-memory device 'run --simulate', 'sweep --simulate', 'bandwidthtest --simulate', 'convert --simulate', 'emulate --simulate'");
                return ExitCodes.NoDriver;
            case UsageException or FormatException or ArgumentException or StoreException:
                stderr.WriteLine($"cvmbench: {message}");
                return ExitCodes.BadInput;
            case RunInterruptedException:
                stderr.WriteLine($"cvmbench: {message}");
                return ExitCodes.Interrupted;
            case OperationCanceledException:
                stderr.WriteLine("cvmbench: interrupted");
                return ExitCodes.Interrupted;
            default:
                stderr.WriteLine($"cvmbench: {message}");
                return ExitCodes.Failure;
        }
    }

    /// <summary>A message whose text came from a file or the command line may hold line breaks; the line stays one.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
