using Spectre.Console;

namespace CvmBench.Cli;

/// <summary>The consoles commands write to. Redirected output gets a wide fixed width so tables are not folded
/// into unreadable columns in logs.</summary>
internal static class Terminal
{
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 200;
        }
        return console;
    }

    /// <summary>A console over the current stdout (made per use, so a redirected Console.Out is honoured).</summary>
    public static IAnsiConsole Out => Create(Console.Out, Console.IsOutputRedirected);
}
