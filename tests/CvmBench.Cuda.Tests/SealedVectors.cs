namespace CvmBench.Cuda.Tests;

/// <summary>The NIST test vectors under Fixtures/Sealed (CAVP response format: <c>Name = hex</c> lines, a case per Count).</summary>
internal static class SealedVectors
{
    public static IReadOnlyList<IReadOnlyDictionary<string, byte[]>> Read(string file)
    {
        var cases = new List<Dictionary<string, byte[]>>();
        foreach (string raw in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Sealed", file)))
        {
            string line = raw.Trim();
            int eq = line.IndexOf(" =", StringComparison.Ordinal);
            if (line.Length == 0 || line[0] is '#' or '[' || eq < 0)
            {
                continue;
            }
            string name = line[..eq];
            string value = line[(eq + 2)..].Trim();
            if (name is "Count" or "COUNT")
            {
                cases.Add(new Dictionary<string, byte[]>(StringComparer.Ordinal));
                continue;
            }
            cases[^1][name] = Convert.FromHexString(value);
        }
        return cases;
    }
}
