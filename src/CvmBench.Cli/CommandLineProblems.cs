using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CvmBench.Cli;

/// <summary>What is wrong with a parsed command line, as one line that names the option: the parser's own errors
/// (reworded where they would name a .NET type), and what it lets through: an option repeated without its value
/// (<c>--store s.db --store</c>), and empty values.</summary>
internal static class CommandLineProblems
{
    /// <summary>The first problem, or null when there is none.</summary>
    public static string? Find(ParseResult parse)
    {
        var tokens = parse.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            // The parser takes the next option's name as the value when one is missing (--size --store s.db).
            if (token.Type == TokenType.Option && OptionNamed(parse, token.Value) is { Arity.MinimumNumberOfValues: > 0 }
                && (i + 1 == tokens.Count || tokens[i + 1].Type != TokenType.Argument || OptionNamed(parse, tokens[i + 1].Value) is not null))
            {
                return $"{token.Value} needs a value";
            }
            if (token.Type == TokenType.Argument && string.IsNullOrWhiteSpace(token.Value))
            {
                return i > 0 && tokens[i - 1].Type == TokenType.Option
                    ? $"{tokens[i - 1].Value} is given an empty value"
                    : "an argument is empty";
            }
        }
        if (parse.Errors.Count == 0)
        {
            return null;
        }
        // An unknown word explains "Required command was not provided" better than that does.
        var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
        return Unparsable(error) ?? error.Message;
    }

    private static Option? OptionNamed(ParseResult parse, string name)
    {
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command: var command }
                && command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name)) is { } option)
            {
                return option;
            }
        }
        return null;
    }

    /// <summary>A number option given something else, said without the parser's type names.</summary>
    private static string? Unparsable(ParseError error)
    {
        if (error.SymbolResult is not OptionResult { Option: var option, Tokens: [var token] })
        {
            return null;
        }
        string value = token.Value;
        if (option.ValueType == typeof(int) && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) || value.All(char.IsAsciiDigit)
                ? $"{option.Name} {value} is too large (at most {int.MaxValue})"
                : $"{option.Name} takes a whole number (got '{value}')";
        }
        if (option.ValueType == typeof(double) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return $"{option.Name} takes a number (got '{value}')";
        }
        return null;
    }
}
