namespace CvmBench.Platform;

/// <summary>Carries an unknown through a parse: a fact read from an unknown source stays unknown, with
/// the source's reason, and a parse that finds nothing says why.</summary>
internal static class FactFlow
{
    public static Fact<TOut> Then<TIn, TOut>(this Fact<TIn> fact, Func<TIn, Fact<TOut>> next) =>
        fact.IsKnown ? next(fact.Value!) : Fact<TOut>.Missing(fact.Source, fact.Unknown!);

    public static Fact<TOut> Parse<TOut>(this Fact<string> text, Func<string, TOut?> parse, string reasonIfNone)
        where TOut : class =>
        text.Then(value => parse(value) is { } parsed
            ? Fact<TOut>.Known(parsed, text.Source)
            : Fact<TOut>.Missing(text.Source, reasonIfNone));

    public static Fact<TOut> ParseValue<TOut>(this Fact<string> text, Func<string, TOut?> parse, string reasonIfNone)
        where TOut : struct =>
        text.Then(value => parse(value) is { } parsed
            ? Fact<TOut>.Known(parsed, text.Source)
            : Fact<TOut>.Missing(text.Source, reasonIfNone));
}
