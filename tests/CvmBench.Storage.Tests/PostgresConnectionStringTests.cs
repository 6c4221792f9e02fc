using CvmBench.Storage.Postgres;
using Npgsql;

namespace CvmBench.Storage.Tests;

public class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgresql://db.example/results")]
    [InlineData("POSTGRES://u@db.example:6432/results")]
    [InlineData("Host=db.example;Database=results")]
    [InlineData("Username=u; server = db.example")]
    public void A_uri_or_a_host_keyword_names_a_server(string store) => Assert.True(PostgresResultStore.Recognises(store));

    [Fact]
    public void A_uri_becomes_npgsql_keywords_with_its_parameters()
    {
        var (builder, location) = PostgresConnectionString.Parse(
            "postgresql://fleet%40lab:p%3Ass%2Fw@db.example:6432/gpu%20results?sslmode=verify-full&connect_timeout=7&application_name=cvmbench");
        Assert.Equal(("db.example", 6432, "fleet@lab", "p:ss/w", "gpu results"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
        Assert.Equal((SslMode.VerifyFull, 7, "cvmbench"), (builder.SslMode, builder.Timeout, builder.ApplicationName));
        Assert.Equal("postgresql://fleet%40lab@db.example:6432/gpu%20results", location);
    }

    [Fact]
    public void An_ipv6_server_keeps_its_brackets_in_the_location() =>
        Assert.Equal("postgresql://u@[::1]:5432/r", PostgresConnectionString.Parse("postgresql://u:pw@[::1]/r").Location);

    [Fact]
    public void The_location_never_holds_the_password()
    {
        Assert.Equal("postgresql://u@h:5432/d", PostgresConnectionString.Parse("Host=h;Username=u;Password=hunter2;Database=d").Location);
        Assert.Equal("postgresql://h:5432/", PostgresConnectionString.Parse("postgresql://:hunter2@h").Location);
    }

    [Theory]
    [InlineData("postgresql://h/d?pool=1", "URI parameter 'pool' is not supported")]
    [InlineData("postgresql://h/d?sslmode=sometimes", "sslmode=sometimes cannot be read")]
    [InlineData("postgresql:///d", "names no host")]
    [InlineData("Host=h;Password=a;b=c", "connection string cannot be read")]
    public void What_cannot_be_read_is_one_line_without_a_password(string store, string expected)
    {
        var e = Assert.Throws<StoreException>(() => PostgresConnectionString.Parse(store));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("b=c", e.Message, StringComparison.Ordinal);
    }
}
