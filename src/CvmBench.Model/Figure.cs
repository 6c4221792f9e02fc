namespace CvmBench.Model;

/// <summary>A named number with its unit, as an answer quotes it.</summary>
public sealed record Figure(string Name, double Value, string Unit);
