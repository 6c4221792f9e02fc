using System.CommandLine;

namespace CvmBench.Cli.Tests;

/// <summary>Runs the whole CLI in-process, with stdout and stderr captured. Tests that use it belong to the console
/// collection, since the process has one console.</summary>
internal static class CliHarness
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        return Capture(stderr => CommandRunner.Run(root, args, stderr));
    }

    /// <summary>Runs the CLI on input it must refuse, and checks the refusal: exit code 2, nothing on stdout, one line
    /// on stderr. Returns that line.</summary>
    public static string RunBadInput(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        return stderr;
    }

    /// <summary>Runs <paramref name="action"/> (given the stderr writer) with the console captured.</summary>
    public static (int Code, string Stdout, string Stderr) Capture(Func<TextWriter, int> action)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = action(stderr);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
