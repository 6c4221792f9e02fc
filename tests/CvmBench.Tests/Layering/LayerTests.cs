using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CvmBench.Tests.Layering;

/// <summary>The house runs one way. Each layer is a project that references only layers below it, so the compiler
/// refuses a use of anything above; these tests keep the references themselves in order (a sibling above, such as
/// Storage reaching into Reports, would compile) and each layer's code in its own namespace. One exception: the lowest
/// layer declares <see cref="Fact{T}"/>, the value-or-reason every layer speaks, in the root namespace.</summary>
public sealed partial class LayerTests
{
    /// <summary>Low to high.</summary>
    private static readonly string[] Layers =
    [
        "CvmBench.Cuda", "CvmBench.Platform", "CvmBench.Transfers", "CvmBench.Measurement", "CvmBench.Model",
        "CvmBench.Emulation", "CvmBench.Storage", "CvmBench.Reports", "CvmBench.Cli", "CvmBench.Native",
    ];

    public static TheoryData<string> Projects() => new(Layers);

    [Fact]
    public void Every_project_under_src_is_a_known_layer()
    {
        var projects = Directory.GetDirectories(Path.Combine(Checkout.Root(), "src")).Select(Path.GetFileName).Order().ToList();

        Assert.Equal(Layers.Order(), projects);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_layer_references_only_layers_below_it(string project)
    {
        int rank = Array.IndexOf(Layers, project);
        var references = XDocument.Load(Path.Combine(Checkout.Root(), "src", project, project + ".csproj"))
            .Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')));

        Assert.All(references, reference => Assert.True(Array.IndexOf(Layers, reference) is >= 0 and var below && below < rank,
            $"{project} references {reference}, which is not below it"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_layer_declares_only_its_own_namespace(string project)
    {
        string folder = Path.Combine(Checkout.Root(), "src", project);
        var strays = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(file => (File: Path.GetRelativePath(folder, file), Namespace: NamespaceLine().Match(File.ReadAllText(file)).Groups[1].Value))
            .Where(entry => entry.Namespace.Length > 0 && entry.Namespace != project && entry.File != RootNamespaceFile(project) && !entry.Namespace.StartsWith(project + ".", StringComparison.Ordinal))
            .Select(entry => $"{entry.File}: {entry.Namespace}");

        Assert.Empty(strays);
    }

    private static string? RootNamespaceFile(string project) => project == Layers[0] ? "Fact.cs" : null;

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
