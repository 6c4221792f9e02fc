using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace CvmBench.Storage.Postgres;

/// <summary>Reads what <c>--store</c> says when it names a PostgreSQL server: a libpq URI
/// (<c>postgresql://user:password@host:port/database?sslmode=require</c>) or Npgsql's keyword form
/// (<c>Host=...;Port=...;Database=...;Username=...</c>). Npgsql reads only the keyword form, so the URI is
/// translated to it. A password may be in either, or left out for Npgsql to take from PGPASSWORD or ~/.pgpass.</summary>
internal static partial class PostgresConnectionString
{
    /// <summary>libpq URI parameters, as the Npgsql keywords that mean the same.</summary>
    private static readonly Dictionary<string, string> UriParameters = new(StringComparer.Ordinal)
    {
        ["host"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
        ["user"] = "Username",
        ["password"] = "Password",
        ["passfile"] = "Passfile",
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>Whether <paramref name="store"/> names a PostgreSQL server rather than an SQLite file.</summary>
    public static bool Recognises(string store) =>
        store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || HostKeyword().IsMatch(store);

    /// <summary>The connection string for Npgsql and where it points, for messages (never the password).</summary>
    /// <exception cref="StoreException">The text cannot be read as either form.</exception>
    public static (NpgsqlConnectionStringBuilder Builder, string Location) Parse(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var builder = store.Contains("://", StringComparison.Ordinal) ? FromUri(store) : FromKeywords(store);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new StoreException("the PostgreSQL connection string names no host");
        }
        return (builder, Location(builder));
    }

    /// <summary>The server, user and database as a URI without the password.</summary>
    private static string Location(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        string host = builder.Host!.Contains(':', StringComparison.Ordinal) && !builder.Host.Contains(',', StringComparison.Ordinal) ? $"[{builder.Host}]" : builder.Host;
        return $"postgresql://{user}{host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(builder.Database ?? "")}";
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message may quote a piece of the string, which may be a piece of the password.
            throw new StoreException("the PostgreSQL connection string cannot be read: use Host=...;Port=...;Database=...;Username=... "
                + "(a value holding ';' in double quotes) or a postgresql:// URI", e);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new StoreException("the PostgreSQL URI cannot be read: use postgresql://user@host:port/database (percent-encode special characters)");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.IdnHost };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!UriParameters.TryGetValue(name, out string? keyword))
            {
                throw new StoreException($"the PostgreSQL URI parameter '{name}' is not supported (supported: {string.Join(", ", UriParameters.Keys)}); "
                    + "Npgsql's own keywords need the Host=...; form");
            }
            try
            {
                // libpq writes SSL modes with a hyphen (verify-full), Npgsql's enum without (VerifyFull).
                builder[keyword] = keyword == "SSL Mode" ? value.Replace("-", "", StringComparison.Ordinal) : value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new StoreException(keyword == "Password"
                    ? "the PostgreSQL URI's password parameter cannot be read"
                    : $"the PostgreSQL URI parameter {name}={value} cannot be read", e);
            }
        }
        return builder;
    }

    /// <summary>The keyword form is told from a file path by its Host (or Server) keyword.</summary>
    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKeyword();
}
