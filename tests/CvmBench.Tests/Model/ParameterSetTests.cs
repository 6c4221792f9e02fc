using System.Text.RegularExpressions;
using CvmBench.Model;

namespace CvmBench.Tests.Model;

public class ParameterSetTests
{
    private static readonly ParameterSet Defaults = ParameterSet.Defaults;

    [Fact]
    public void Every_shipped_parameter_has_a_value_a_unit_a_description_and_a_source()
    {
        Assert.NotEmpty(Defaults.Parameters);
        foreach (var parameter in Defaults.Parameters)
        {
            Assert.True(double.IsFinite(parameter.Value), parameter.Name);
            Assert.False(string.IsNullOrWhiteSpace(parameter.Unit), parameter.Name);
            Assert.False(string.IsNullOrWhiteSpace(parameter.Description), parameter.Name);
            Assert.False(string.IsNullOrWhiteSpace(parameter.Source), parameter.Name);
        }
    }

    [Fact]
    public void Every_source_cites_an_entry_of_the_sources_document_or_gives_the_reason_it_is_assumed()
    {
        foreach (var parameter in Defaults.Parameters)
        {
            bool cited = Citations.IsMatch(parameter.Source);
            bool reasoned = parameter.Source.StartsWith("assumed: ", StringComparison.Ordinal) && parameter.Source.Length > 30;
            Assert.True(cited || reasoned, $"{parameter.Name}: '{parameter.Source}'");
        }
    }

    [Fact]
    public void Every_cited_entry_is_a_section_of_the_sources_document()
    {
        string sources = File.ReadAllText(Path.Combine(Checkout.Root(), "docs", "sources.md"));
        var sections = Regex.Matches(sources, @"^## (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var cited = Defaults.Parameters.SelectMany(p => Citations.Matches(p.Source).Select(m => (p.Name, Entry: m.Groups[1].Value))).ToList();
        Assert.NotEmpty(cited);
        Assert.All(cited, c => Assert.True(sections.Contains(c.Entry), $"{c.Name} cites docs/sources.md#{c.Entry}, which has no section"));
    }

    private static readonly Regex Citations = new(@"docs/sources\.md#([a-z0-9-]+)");

    [Fact]
    public void Every_shipped_parameter_reaches_the_model()
    {
        var reader = new ParameterReader(Defaults);
        ModelParameters.Read(reader);
        Assert.Equal(Defaults.Parameters.Select(p => p.Name).Order(), reader.NamesRead.Order());
    }

    [Fact]
    public void Set_replaces_a_value_in_the_parameters_unit_and_says_so()
    {
        var set = Defaults.Assign("tdx.mapGpaExit = 12.5");
        Assert.Equal(12.5, set["tdx.mapGpaExit"].Value);
        Assert.Equal("us", set["tdx.mapGpaExit"].Unit);
        Assert.Equal("set on the command line", set["tdx.mapGpaExit"].Source);
        Assert.Equal(12.5e-6, ModelParameters.From(set).Tdx.MapGpaExit, 15);
        Assert.Equal(8, Defaults["tdx.mapGpaExit"].Value); // the original is untouched
    }

    [Theory]
    [InlineData("tdx.noSuchThing=1", "unknown model parameter")]
    [InlineData("tdx.mapGpaExit", "not name=value")]
    [InlineData("tdx.mapGpaExit=fast", "not a number")]
    [InlineData("=3", "not name=value")]
    public void Bad_assignments_are_refused_with_the_reason(string assignment, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Defaults.Assign(assignment));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dma.h2dRate=0", "dma.h2dRate must be above zero")]
    [InlineData("tdx.mapGpaExit=-1", "tdx.mapGpaExit must be zero or more")]
    [InlineData("tdx.mapGpaRetryProbability=100", "tdx.mapGpaRetryProbability must be at least 0% and below 100%")]
    [InlineData("host.copyThreads=1.5", "host.copyThreads must be a whole number")]
    [InlineData("tdx.privatePage=1", "tdx.privatePage must be at least 4 KiB")]
    public void Values_out_of_range_are_refused_naming_the_parameter(string assignment, string reason)
    {
        var set = Defaults.Assign(assignment);
        var error = Assert.Throws<ArgumentException>(() => ModelParameters.From(set));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_file_overrides_the_values_it_names_and_keeps_the_rest()
    {
        const string json = """
            { "parameters": [
                { "name": "tdx.acceptPiece", "value": 2.5 },
                { "name": "dma.h2dRate", "value": 54.25, "unit": "GB/s", "source": "nvbandwidth on our H100 VM" }
            ] }
            """;
        var set = Defaults.OverriddenBy(json, "mine.json");
        Assert.Equal(2.5, set["tdx.acceptPiece"].Value);
        Assert.Equal("mine.json", set["tdx.acceptPiece"].Source);
        Assert.Equal("nvbandwidth on our H100 VM", set["dma.h2dRate"].Source);
        Assert.Equal(Defaults["tdx.mapGpaExit"], set["tdx.mapGpaExit"]);
    }

    [Fact]
    public void A_single_dma_latency_from_an_older_file_or_set_is_both_directions_latency()
    {
        const string json = """
            { "parameters": [ { "name": "dma.latency", "value": 8.63, "unit": "us", "source": "measured: run 7edcac2b" } ] }
            """;
        foreach (var set in new[] { Defaults.OverriddenBy(json, "old.json"), Defaults.Assign("dma.latency=8.63") })
        {
            Assert.Equal(8.63, set["dma.h2dLatency"].Value);
            Assert.Equal(8.63, set["dma.d2hLatency"].Value);
            var p = ModelParameters.From(set);
            Assert.Equal(8.63e-6, p.Machine.DmaLatency(CvmBench.Transfers.Direction.HostToDevice), 12);
            Assert.Equal(8.63e-6, p.Machine.DmaLatency(CvmBench.Transfers.Direction.DeviceToHost), 12);
        }
        Assert.Equal("measured: run 7edcac2b", Defaults.OverriddenBy(json, "old.json")["dma.d2hLatency"].Source);
        Assert.Equal(7e-6, Defaults.WithSi("dma.latency", 7e-6, "test").SiValue("dma.d2hLatency"), 12);
    }

    [Theory]
    [InlineData("""{ "parameters": [ { "name": "dma.h2dRate", "value": 54, "unit": "MB/s" } ] }""", "dma.h2dRate is in GB/s, not MB/s")]
    [InlineData("""{ "parameters": [ { "name": "dma.h2dRatee", "value": 54 } ] }""", "unknown model parameter 'dma.h2dRatee'")]
    [InlineData("""{ "parameters": [ { "value": 54 } ] }""", "a parameter has no name")]
    [InlineData("not json", "not a parameter file")]
    public void A_bad_users_file_is_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Defaults.OverriddenBy(json, "mine.json"));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("mine.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_printed_parameters_read_back_as_the_same_set()
    {
        var changed = Defaults.Assign("snp.pscExit=4");
        var read = ParameterSet.Parse(changed.ToJson(), "printed");
        Assert.Equal(changed.Description, read.Description);
        Assert.Equal(changed.Parameters, read.Parameters);
        Assert.Equal(changed.Parameters, Defaults.OverriddenBy(changed.ToJson(), "printed").Parameters);
    }

    [Fact]
    public void A_file_naming_a_parameter_twice_is_refused()
    {
        var twice = new[] { Defaults.Parameters[0], Defaults.Parameters[0] };
        Assert.Throws<ArgumentException>(() => new ParameterSet("", twice));
    }
}
